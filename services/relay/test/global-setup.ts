import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, startTestServers } from '@emissions/testing';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node';
import { ALERTING_DIR, ensureAlertingBuilt } from './support/alerting.process';

/**
 * A fresh database holding the ingestion service's outbox table (from a DDL copy) and the alerting schema
 * (from the alerting service's own compiled migrations, run as a separate process like in production).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  const servers = await startTestServers();
  const db = await createTestDatabase(servers.databaseUrl, 'relay_test');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(readFileSync(join(__dirname, 'support/outbox-events.ddl.sql'), 'utf8'));
  } finally {
    await client.end();
  }
  ensureAlertingBuilt();
  execFileSync(process.execPath, [join(ALERTING_DIR, 'dist/database/migrate.js'), 'up'], {
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: 'pipe',
  });
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
