import { Pool } from 'pg';
import { afterAll, beforeAll } from 'vitest';
import {
  type StackServiceName,
  type StackState,
  spawnService,
  startStack,
  stopService,
  stopStack,
  waitReady,
} from '../../../../scripts/stack/stack.mjs';

export type FaultStack = {
  baseUrl: string;
  /** The run's operator key: every request of the suite sends `Authorization: Bearer <adminKey>`. */
  adminKey: string;
  /** The environment every service of the run got (DATABASE_URL, REDIS_URL, QUEUE_NAME…). */
  env: Record<string, string>;
  /** Pool on the run's fresh database (the services' tables and schema `alerting`). */
  db: Pool;
  /** Connection string of the server's maintenance database: its sessions are never among the stack's. */
  serverUrl: string;
  databaseName: string;
  pidOf: (name: StackServiceName) => number | null;
  /** True while the service's process (as last started) is running. */
  alive: (name: StackServiceName) => boolean;
  /** Sends `signal` and, for a terminating one, waits until the process is really gone. */
  kill: (name: StackServiceName, signal?: NodeJS.Signals) => Promise<void>;
  /** Sends a signal without forgetting the process (SIGSTOP / SIGCONT). */
  signal: (name: StackServiceName, signal: NodeJS.Signals) => void;
  restart: (name: StackServiceName) => void;
  waitReady: (timeoutMs?: number) => Promise<void>;
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > until) throw new Error(`process ${pid} still alive after ${timeoutMs} ms`);
    await sleep(20);
  }
}

function wrap(state: StackState): FaultStack {
  const db = new Pool({ connectionString: state.env.DATABASE_URL, max: 4 });
  // Scenarios terminate every session of the database, this pool's idle ones included: let it reconnect.
  db.on('error', () => undefined);
  const pidOf = (name: StackServiceName) => state.services[name]?.pid ?? null;
  return {
    baseUrl: state.baseUrl,
    adminKey: state.adminKey,
    env: state.env,
    db,
    serverUrl: state.database.server,
    databaseName: state.database.name,
    pidOf,
    alive: (name) => {
      const pid = pidOf(name);
      return pid !== null && isAlive(pid);
    },
    kill: async (name, signal = 'SIGKILL') => {
      const pid = pidOf(name);
      stopService(state, name, signal);
      if (pid) await waitForExit(pid);
    },
    signal: (name, signal) => {
      const pid = pidOf(name);
      if (pid) process.kill(pid, signal);
    },
    restart: (name) => {
      spawnService(state, name);
    },
    waitReady: (timeoutMs) => waitReady(state.baseUrl, timeoutMs),
  };
}

/**
 * Registers hooks that start the whole engine as real processes (ingestion, relay, alerting, gateway) on a
 * fresh database, and stop it afterwards. `extraEnv` is read in beforeAll, after earlier hooks ran. The
 * gateway authenticates every request (no anonymous loopback) and rate-limits with limits far above the load.
 */
export function useFaultStack(label: string, extraEnv: () => Record<string, string> = () => ({})): () => FaultStack {
  let state: StackState | undefined;
  let stack: FaultStack | undefined;
  beforeAll(async () => {
    state = await startStack({ label, extraEnv: { LOG_LEVEL: 'warn', ...extraEnv() } });
    stack = wrap(state);
  });
  afterAll(async () => {
    await stack?.db.end();
    if (state) await stopStack(state);
  });
  return () => {
    if (!stack) throw new Error('the fault stack is not started');
    return stack;
  };
}
