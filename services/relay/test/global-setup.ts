import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setUpMigratedTestRun } from '@emissions/testing';
import type { TestProject } from 'vitest/node';
import { ALERTING_DIR, assertServiceBuilt, INGESTION_DIR } from './support/alerting.process';

/**
 * A fresh database holding the ingestion schema (whose outbox the relay reads) and the alerting schema.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  return setUpMigratedTestRun(project, 'relay_test', async (url) => {
    // Both schemas from the services' own compiled migrations, run as separate processes like in production.
    for (const dir of [INGESTION_DIR, ALERTING_DIR]) {
      assertServiceBuilt(dir);
      execFileSync(process.execPath, [join(dir, 'dist/database/migrate.js'), 'up'], {
        env: { ...process.env, DATABASE_URL: url },
        stdio: 'pipe',
      });
    }
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}
