import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@emissions/testing';

const SERVICE_DIR = resolve(__dirname, '../../../services/ingestion');
const MAIN = resolve(SERVICE_DIR, 'dist/main.js');
const MIGRATE = resolve(SERVICE_DIR, 'dist/database/migrate.js');

/** The e2e suite needs the compiled ingestion service; it is skipped (not faked) until that exists. */
export const ingestionServiceBuilt = existsSync(MAIN) && existsSync(MIGRATE);

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** The real ingestion service as a child process on a fresh, migrated database. */
export class IngestionServiceProcess {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly port: number,
    readonly database: TestDatabase,
  ) {}

  static async create(): Promise<IngestionServiceProcess> {
    const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const database = await createTestDatabase(serverUrl, 'gateway_e2e');
    const service = new IngestionServiceProcess(await freePort(), database);
    await promisify(execFile)(process.execPath, [MIGRATE, 'up'], { env: service.env() });
    return service;
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DATABASE_URL: this.database.url,
      INGESTION_HOST: '127.0.0.1',
      INGESTION_PORT: String(this.port),
      LOG_LEVEL: 'warn',
    };
  }

  /** Starts the service and waits until its TCP port accepts connections. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [MAIN], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => this.capture(d));
    child.stderr?.on('data', (d: Buffer) => this.capture(d));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`ingestion service exited with ${child.exitCode}:\n${this.output}`);
      if (await this.accepts()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`ingestion service did not listen within 20 s:\n${this.output}`);
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

  async dispose(): Promise<void> {
    await this.stop();
    await this.database.drop();
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
