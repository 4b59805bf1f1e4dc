import { stopChild } from '@emissions/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The alerting service is another app: the relay's pipeline tests run its build as a child process. Nx builds it
 * (and ingestion) before the relay's test target (services/relay/package.json), never a test.
 */
export const ALERTING_DIR = join(__dirname, '../../../alerting');
/** The ingestion service owns the outbox table; its compiled migrations create it for the tests. */
export const INGESTION_DIR = join(__dirname, '../../../ingestion');

export type AlertingProcess = { child: ChildProcess; stop: () => Promise<void>; output: () => string };

/** A missing build fails the suite loudly, naming the command: these tests are never skipped. */
export function assertServiceBuilt(dir: string): void {
  if (!existsSync(join(dir, 'dist/main.js')))
    throw new Error(`${dir} is not built: run \`npx nx run-many -t build\` (nx run @emissions/relay:test builds it first)`);
}

export function startAlertingProcess(env: Record<string, string>): AlertingProcess {
  const child = spawn(process.execPath, [join(ALERTING_DIR, 'dist/main.js')], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  return { child, output: () => output, stop: () => stopChild(child) };
}
