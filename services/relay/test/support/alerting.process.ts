import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The alerting service is another app: the relay's pipeline tests run its build as a child process. */
export const ALERTING_DIR = join(__dirname, '../../../alerting');
/** The ingestion service owns the outbox table; its compiled migrations create it for the tests. */
export const INGESTION_DIR = join(__dirname, '../../../ingestion');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds a sibling service when its dist is missing or older than its sources. */
export function ensureServiceBuilt(dir: string): void {
  const main = join(dir, 'dist/main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(dir, 'src'))) return;
  execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: 'pipe' });
}

export type AlertingProcess = { child: ChildProcess; stop: () => Promise<void>; output: () => string };

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

/** SIGTERM, then SIGKILL if the child has not exited within 5 s. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
