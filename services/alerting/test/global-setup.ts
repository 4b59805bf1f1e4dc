import { setUpMigratedTestRun } from '@emissions/testing';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/database/migrate';

/** A fresh database with the alerting schema migrated, on the servers named by DATABASE_URL / REDIS_URL. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  return setUpMigratedTestRun(project, 'alerting_test', (url) => migrate('up', url));
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}
