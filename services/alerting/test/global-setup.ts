import { createTestDatabase, startTestServers } from '@emissions/testing';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/database/migrate';

/** A fresh database with the alerting schema migrated, on the servers named by DATABASE_URL / REDIS_URL. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  const servers = await startTestServers();
  const db = await createTestDatabase(servers.databaseUrl, 'alerting_test');
  await migrate('up', db.url);
  project.provide('databaseUrl', db.url);
  project.provide('redisUrl', servers.redisUrl);
  return async () => {
    await db.drop();
    await servers.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}
