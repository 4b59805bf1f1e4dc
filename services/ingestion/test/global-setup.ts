import 'reflect-metadata';
import { createTestDatabase, startTestServers } from '@emissions/testing';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/database/migrate';

/** One fresh, migrated database per test run, on the server DATABASE_URL names (testcontainers otherwise). */
export default async function setup(project: TestProject) {
  const servers = await startTestServers();
  const db = await createTestDatabase(servers.databaseUrl, 'ingestion_test');
  process.env.DATABASE_URL = db.url;
  await migrate('up');
  project.provide('databaseUrl', db.url);
  return async () => {
    await db.drop();
    await servers.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
