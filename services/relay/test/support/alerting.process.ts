import { NodeProcess } from '@emissions/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The alerting service is another app: the relay's pipeline tests run its build as a child process. Nx builds it
 * (and ingestion) before the relay's test target (services/relay/package.json), never a test.
 */
export const ALERTING_DIR = join(__dirname, '../../../alerting');
/** The ingestion service owns the outbox table; its compiled migrations create it for the tests. */
export const INGESTION_DIR = join(__dirname, '../../../ingestion');

/** A missing build fails the suite loudly, naming the command: these tests are never skipped. */
export function assertServiceBuilt(dir: string): void {
  if (!existsSync(join(dir, 'dist/main.js')))
    throw new Error(`${dir} is not built: run \`npx nx run-many -t build\` (nx run @emissions/relay:test builds it first)`);
}

export type AlertingProcess = { stop: () => Promise<void>; output: () => string };

export function startAlertingProcess(env: Record<string, string>): AlertingProcess {
  const alerting = NodeProcess.spawn(join(ALERTING_DIR, 'dist/main.js'), { ...process.env, LOG_LEVEL: 'warn', ...env });
  return { output: () => alerting.output, stop: () => alerting.stop() };
}
