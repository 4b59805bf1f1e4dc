import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '@emissions/testing';

const MAIN = resolve(__dirname, '../../dist/main.js');

/** The compiled gateway (`gateway/dist/main.js`) as a real child process, its stdout and stderr captured whole. */
export class GatewayProcess {
  private output = '';
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    child.stdout?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
  }

  /** Everything the process wrote so far (its log). */
  get log(): string {
    return this.output;
  }

  /** Spawns the gateway with `env` on a free loopback port; the services behind it are not needed for these tests. */
  static async spawn(env: Record<string, string>): Promise<GatewayProcess> {
    // A missing build fails loudly: these tests are never skipped.
    if (!existsSync(MAIN)) throw new Error('gateway is not built: run `npm run build -w @emissions/gateway` first');
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        INGESTION_PORT: String(await freePort()),
        ALERTING_PORT: String(await freePort()),
        ANONYMOUS_LOOPBACK: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new GatewayProcess(child, `http://127.0.0.1:${port}`);
  }

  /** Waits until GET /health/live answers (or throws with the log when the process exits or takes over 30 s). */
  async listening(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`gateway exited with ${this.child.exitCode}:\n${this.output}`);
      const up = await fetch(`${this.baseUrl}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gateway did not listen within 30 s:\n${this.output}`);
  }

  /** The exit code once the process ends by itself (a refused start-up). */
  exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  /** SIGTERM and wait for the exit, so every log line has been written. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill('SIGTERM');
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(kill);
  }
}
