import 'reflect-metadata';
import { setUpMigratedTestRun } from '@emissions/testing';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/database/migrate';

/** One fresh, migrated database per test run, on the server DATABASE_URL names (testcontainers otherwise). */
export default async function setup(project: TestProject) {
  return setUpMigratedTestRun(project, 'ingestion_test', (url) => migrate('up', url));
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}
