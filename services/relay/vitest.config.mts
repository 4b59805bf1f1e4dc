import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.int-spec.ts'],
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup-env.ts'],
    // Spec files share one database (one outbox table); each test uses its own queue.
    fileParallelism: false,
    testTimeout: 45_000,
    hookTimeout: 60_000,
  },
});
