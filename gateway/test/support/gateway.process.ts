import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, NodeProcess } from '@emissions/testing';

const MAIN = resolve(__dirname, '../../dist/main.js');

/** The compiled gateway (`gateway/dist/main.js`) as a real child process, its stdout and stderr captured whole. */
export class GatewayProcess {
  private constructor(
    private readonly process: NodeProcess,
    readonly baseUrl: string,
  ) {}

  /** Everything the process wrote so far (its log). */
  get log(): string {
    return this.process.output;
  }

  /** Spawns the gateway with `env` on a free loopback port; the services behind it are not needed for these tests. */
  static async spawn(env: Record<string, string>): Promise<GatewayProcess> {
    // A missing build fails loudly: these tests are never skipped.
    if (!existsSync(MAIN)) throw new Error('gateway is not built: run `npm run build -w @emissions/gateway` first');
    const port = await freePort();
    const child = NodeProcess.spawn(
      MAIN,
      {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        INGESTION_PORT: String(await freePort()),
        ALERTING_PORT: String(await freePort()),
        ANONYMOUS_LOOPBACK: 'false',
        ...env,
      },
      Number.POSITIVE_INFINITY,
    );
    return new GatewayProcess(child, `http://127.0.0.1:${port}`);
  }

  /** Waits until GET /health/live answers (or throws with the log when the process exits or takes over 30 s). */
  listening(): Promise<void> {
    const live = () =>
      fetch(`${this.baseUrl}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
    return this.process.until(live, 'gateway', 30_000);
  }

  /** The exit code once the process ends by itself (a refused start-up). */
  exited(): Promise<number | null> {
    return this.process.exited();
  }

  /** SIGTERM and wait for the exit, so every log line has been written. */
  stop(): Promise<void> {
    return this.process.stop();
  }
}
