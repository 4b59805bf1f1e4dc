import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from './child-process';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export type ThrowawayRedisOptions = {
  /**
   * true (default): an append-only file with fsync on every write, like the production settings, so a
   * restart is an outage rather than a wiped broker (call wipe() between stop and restart for that).
   * false: no persistence at all, so every restart comes back empty, like a Redis that lost its data.
   */
  durable?: boolean;
};

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A redis-server owned by one test, on its own port, that the test can stop and start again on that port. */
export class ThrowawayRedis {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'throwaway-redis-'));

  private constructor(
    readonly port: number,
    private readonly durable: boolean,
  ) {}

  static async start(options: ThrowawayRedisOptions = {}): Promise<ThrowawayRedis> {
    const redis = new ThrowawayRedis(await freePort(), options.durable ?? true);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, on the same port) and waits until it answers PING. */
  async restart(): Promise<void> {
    const persistence = this.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence];
    args.push('--maxmemory-policy', 'noeviction', '--dir', this.dir, '--daemonize', 'no');
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    await waitFor(() => answersPing(this.port), `redis-server on port ${this.port} to start`, 10_000);
  }

  /** Stops the server (SIGTERM, or SIGKILL for a crash) and waits until it has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) await stopChild(child, signal);
  }

  /** Deletes the data files of the stopped server, so it starts again empty: a flush, with nobody connected. */
  wipe(): void {
    if (this.child) throw new Error('wipe() needs the server stopped');
    for (const entry of readdirSync(this.dir)) rmSync(join(this.dir, entry), { recursive: true, force: true });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
