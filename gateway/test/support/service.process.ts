import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { acceptsConnections, freePort, NodeProcess } from '@emissions/testing';

export type ServiceSpec = { name: 'ingestion' | 'alerting'; portVariable: string; env: NodeJS.ProcessEnv };

/** A compiled service of this repository (`services/<name>/dist`) run as a real child process. */
export class ServiceProcess {
  private process: NodeProcess | null = null;
  private readonly dir: string;

  constructor(
    private readonly spec: ServiceSpec,
    readonly port: number,
  ) {
    this.dir = resolve(__dirname, '../../../services', spec.name);
    // A missing build fails the suite loudly: these tests are never skipped (Nx builds it before the gateway's tests).
    if (!existsSync(resolve(this.dir, 'dist/main.js'))) {
      throw new Error(`services/${spec.name} is not built: run \`npm run build -w @emissions/${spec.name}\` first`);
    }
  }

  env(): NodeJS.ProcessEnv {
    return { ...process.env, LOG_LEVEL: 'warn', METRICS_PORT: '0', ...this.spec.env, [this.spec.portVariable]: String(this.port) };
  }

  async migrate(): Promise<void> {
    await promisify(execFile)(process.execPath, [resolve(this.dir, 'dist/database/migrate.js'), 'up'], { env: this.env() });
  }

  /** Starts the service and waits until its TCP port accepts connections. */
  async start(): Promise<void> {
    this.process = NodeProcess.spawn(resolve(this.dir, 'dist/main.js'), this.env(), 4_000);
    await this.process.until(() => acceptsConnections(this.port), `${this.spec.name} service`, 45_000);
  }

  async stop(): Promise<void> {
    const running = this.process;
    this.process = null;
    await running?.stop();
  }
}

export { freePort };
