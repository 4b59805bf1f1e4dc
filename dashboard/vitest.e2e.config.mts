import { defineConfig } from 'vitest/config';

// The browser suite runs against a running stack (E2E_BASE_URL); it never starts servers itself.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    // Generous: on a busy 2-core machine one scenario's pages (Chromium + the whole stack) can take minutes.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
