import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@emissions/testing';

export type ServiceSpec = { name: 'ingestion' | 'alerting'; portVariable: string; env: NodeJS.ProcessEnv };

/** A compiled service of this repository (`services/<name>/dist`) run as a real child process. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private output = '';
  private readonly dir: string;

  constructor(
    private readonly spec: ServiceSpec,
    readonly port: number,
  ) {
    this.dir = resolve(__dirname, '../../../services', spec.name);
    // A missing build fails the suite loudly: these tests are never skipped.
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
    const child = spawn(process.execPath, [resolve(this.dir, 'dist/main.js')], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => this.capture(d));
    child.stderr?.on('data', (d: Buffer) => this.capture(d));
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.spec.name} service exited with ${child.exitCode}:\n${this.output}`);
      if (await this.accepts()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.spec.name} service did not listen within 45 s:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  }

  private capture(data: Buffer): void {
    this.output = (this.output + data.toString()).slice(-4_000);
  }

  private accepts(): Promise<boolean> {
    return new Promise((done) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
  }
}

export { freePort };
