import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';

/** Sends `signal` (SIGTERM by default) and waits for the exit; SIGKILL if the child has not exited within `killAfterMs`. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * A compiled Node program of this repository (e.g. `services/alerting/dist/main.js`) run as a child process, as
 * in production, with its stdout and stderr captured (the newest `keep` characters) for failure messages.
 */
export class NodeProcess {
  private captured = '';

  private constructor(
    readonly child: ChildProcess,
    private readonly keep: number,
  ) {
    const capture = (d: Buffer) => {
      this.captured = (this.captured + d.toString()).slice(-this.keep);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
  }

  static spawn(main: string, env: NodeJS.ProcessEnv, keep = 20_000): NodeProcess {
    return new NodeProcess(spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] }), keep);
  }

  /** What the process wrote so far (its log). */
  get output(): string {
    return this.captured;
  }

  /** Polls `ready` every 100 ms until it is true; fails with the log when the process exits or `timeoutMs` passes. */
  async until(ready: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${what} exited with ${this.child.exitCode}:\n${this.captured}`);
      if (await ready()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${this.captured}`);
  }

  /** The exit code once the process ends by itself (e.g. a refused start-up). */
  exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  /** SIGTERM (or `signal`) and wait for the exit, so every log line has been written; SIGKILL after 10 s. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    return stopChild(this.child, signal, 10_000);
  }
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
