import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { afterAll, beforeAll } from 'vitest';
import {
  type StackServiceName,
  type StackState,
  spawnService,
  startStack,
  stopService,
  stopStack,
  supervisorStatus,
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
  /**
   * Brings a killed service back: under the supervisor (the default), waits until the supervisor has restarted it
   * by itself; otherwise starts it.
   */
  restart: (name: StackServiceName) => Promise<void>;
  /** How often the supervisor restarted the service (0 for an unsupervised stack). */
  restarts: (name: StackServiceName) => number;
  /** A service's own Prometheus endpoint (relay, alerting, ingestion: their METRICS_PORT). */
  metricsUrl: (name: StackServiceName) => string;
  /** The supervisor's Prometheus text (GET /metrics). */
  supervisorMetrics: () => Promise<string>;
  /** What the supervisor wrote so far (restarts, the crash-loop line, shutdown). */
  supervisorLog: () => string;
  /** Waits until the supervisor has exited by itself (e.g. after a crash loop); bounded. */
  supervisorExit: (timeoutMs?: number) => Promise<SupervisorExit>;
  /** Sends SIGINT to the supervisor, as Ctrl-C does, and waits until it has exited. */
  interrupt: () => Promise<SupervisorExit>;
  waitReady: (timeoutMs?: number) => Promise<void>;
};

export type SupervisorExit = {
  exitCode: number | undefined;
  log: string;
  /** Service processes still running after the supervisor exited. */
  survivors: StackServiceName[];
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

function supervisorLog(state: StackState): string {
  return state.supervisor ? readFileSync(state.supervisor.log, 'utf8') : '';
}

async function supervisorExit(state: StackState, timeoutMs = 30_000): Promise<SupervisorExit> {
  const pid = state.supervisor?.pid;
  if (pid) await waitForExit(pid, timeoutMs);
  const status = supervisorStatus(state);
  const survivors = (Object.keys(status.services) as StackServiceName[]).filter((name) => {
    const servicePid = status.services[name]?.pid;
    return servicePid ? isAlive(servicePid) : false;
  });
  return { exitCode: status.exitCode, log: supervisorLog(state), survivors };
}

/** Waits until the supervisor reports `name` up with a process other than `previousPid`. */
async function restartedBySupervisor(state: StackState, name: StackServiceName, previousPid: number | null): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const now = supervisorStatus(state).services[name];
    if (now?.up && now.pid !== null && now.pid !== previousPid) return;
    if (Date.now() > until) throw new Error(`the supervisor did not restart ${name} within 30 s`);
    await sleep(50);
  }
}

function wrap(state: StackState): FaultStack {
  const db = new Pool({ connectionString: state.env.DATABASE_URL, max: 4 });
  // Scenarios terminate every session of the database, this pool's idle ones included: let it reconnect.
  db.on('error', () => undefined);
  const supervised = state.supervisor !== undefined;
  const pidOf = (name: StackServiceName) => (supervised ? supervisorStatus(state).services[name]?.pid : state.services[name]?.pid) ?? null;
  const killed = new Map<StackServiceName, number | null>();
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
      killed.set(name, pid);
      if (supervised && pid) process.kill(pid, signal);
      else stopService(state, name, signal);
      if (pid) await waitForExit(pid);
    },
    signal: (name, signal) => {
      const pid = pidOf(name);
      if (pid) process.kill(pid, signal);
    },
    restart: async (name) => {
      if (supervised) await restartedBySupervisor(state, name, killed.get(name) ?? null);
      else spawnService(state, name);
    },
    restarts: (name) => (supervised ? (supervisorStatus(state).services[name]?.restarts ?? 0) : 0),
    metricsUrl: (name) => `http://127.0.0.1:${state.services[name]?.env?.METRICS_PORT}/metrics`,
    supervisorMetrics: async () => {
      const res = await fetch(state.supervisor?.metricsUrl ?? '');
      return res.text();
    },
    supervisorLog: () => supervisorLog(state),
    supervisorExit: (timeoutMs) => supervisorExit(state, timeoutMs),
    interrupt: async () => {
      if (state.supervisor) process.kill(state.supervisor.pid, 'SIGINT');
      return supervisorExit(state);
    },
    waitReady: (timeoutMs) => waitReady(state.baseUrl, timeoutMs),
  };
}

/**
 * Registers hooks that start the whole engine as real processes (ingestion, relay, alerting, gateway) on a
 * fresh database, under the supervisor `npm start` uses (scripts/supervisor), and stop it afterwards. `extraEnv`
 * is read in beforeAll, after earlier hooks ran; `ready: false` does not wait for the gateway to become ready. The gateway authenticates every request (no anonymous loopback)
 * and rate-limits with limits far above the load.
 */
export function useFaultStack(
  label: string,
  extraEnv: () => Record<string, string> = () => ({}),
  { ready = true, supervisorEnv = {} }: { ready?: boolean; supervisorEnv?: Record<string, string> } = {},
): () => FaultStack {
  let state: StackState | undefined;
  let stack: FaultStack | undefined;
  beforeAll(async () => {
    state = await startStack({ label, supervised: true, ready, supervisorEnv, extraEnv: { LOG_LEVEL: 'warn', ...extraEnv() } });
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
