import { defineConfig } from 'vitest/config';

// The browser suite runs against a running stack (E2E_BASE_URL); it never starts servers itself.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
