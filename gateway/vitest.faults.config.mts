// The fault-injection suite (`npm run test:faults`): each file starts the whole engine as real processes
// (scripts/stack/stack.mjs) on a fresh database, injects one failure under load and checks the verdict.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/faults/**/*.fault-spec.ts'],
    // Every file runs a full stack and a load: one at a time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 180_000,
    // Starting a stack (fresh database, migrations, four services) can take minutes on a busy 2-core machine.
    hookTimeout: 240_000,
    env: {
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    },
  },
});
