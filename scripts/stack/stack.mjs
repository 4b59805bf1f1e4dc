// Starts the whole engine as real processes on free ports against a fresh database, for end-to-end,
// fault and benchmark runs. Process state lives in a JSON file so other processes (a test's "stop the
// API" command) can stop and restart one service by name.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from '@emissions/testing';

export const root = new URL('../..', import.meta.url).pathname;
const SERVICES = [
  { name: 'ingestion', dir: 'services/ingestion' },
  { name: 'alerting', dir: 'services/alerting' },
  { name: 'relay', dir: 'services/relay' },
  { name: 'gateway', dir: 'gateway' },
];

// Ports below the ephemeral range: see @emissions/testing's freePort for why.
export { freePort };

export function spawnService(state, name) {
  const svc = state.services[name];
  const out = openSync(svc.log, 'a');
  // STACK_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to every service: for profiling.
  const nodeArgs = (process.env.STACK_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn('node', [...nodeArgs, join(root, svc.dir, 'dist/main.js')], {
    cwd: root,
    env: { ...process.env, ...state.env, ...svc.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  svc.pid = child.pid;
  writeFileSync(state.file, JSON.stringify(state, null, 2));
  return child.pid;
}

export function stopService(state, name, signal = 'SIGTERM') {
  const pid = state.services[name]?.pid;
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
  state.services[name].pid = null;
  writeFileSync(state.file, JSON.stringify(state, null, 2));
}

export function loadState(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export async function waitReady(baseUrl, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (
      await fetch(`${baseUrl}/health/ready`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`stack at ${baseUrl} not ready after ${timeoutMs} ms`);
}

async function withPg(url, fn) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The gateway's authentication for a stack: no anonymous loopback operator (every client authenticates, as
 * in production), fresh secrets per start, and rate limits that stay on (their Redis round trip is part of
 * every measurement) but sit far above any load a test or benchmark makes.
 */
function authEnv() {
  return {
    APP_ENV: 'development',
    ANONYMOUS_LOOPBACK: 'false',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    // Every process of the stack gets it (state.env); a stack's services hear only its own gateway.
    SERVICE_AUTH_SECRET: randomBytes(32).toString('base64url'),
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_ADDRESS_PER_MIN: '10000000',
    RATE_LIMIT_ADDRESS_BURST: '1000000',
    RATE_LIMIT_EDGE_PER_MIN: '10000000',
    RATE_LIMIT_EDGE_BURST: '1000000',
    RATE_LIMIT_OPERATOR_PER_MIN: '10000000',
    RATE_LIMIT_OPERATOR_BURST: '1000000',
    // A device key's first lookup from an address holds a failure token until it answers: every client here shares
    // loopback, so the failure budget must cover the first requests of many devices in flight at once.
    RATE_LIMIT_AUTH_FAILURES_PER_MIN: '100000',
    RATE_LIMIT_AUTH_FAILURES_BURST: '10000',
  };
}

/**
 * Creates a database, migrates it, starts every built service; returns the state (with baseUrl and the
 * operator key every client sends as `Authorization: Bearer <adminKey>`: `adminKey`, else
 * `extraEnv.ADMIN_API_KEY`, else a random 43-character one).
 */
export async function startStack({ label, extraEnv = {}, adminKey, supervised = false, supervisorEnv = {}, ready = true }) {
  const key = adminKey ?? extraEnv.ADMIN_API_KEY ?? randomBytes(32).toString('base64url');
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const id = `${label}_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const dbUrl = new URL(server);
  dbUrl.pathname = `/${id}`;
  await withPg(server, (c) => c.query(`CREATE DATABASE "${id}"`));
  const runDir = join(root, 'test-artifacts', id);
  mkdirSync(runDir, { recursive: true });
  const [port, ingestionPort, alertingPort] = [await freePort(), await freePort(), await freePort()];
  const state = {
    file: join(runDir, 'stack.json'),
    database: { name: id, server },
    baseUrl: `http://127.0.0.1:${port}`,
    adminKey: key,
    env: {
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      PORT: String(port),
      INGESTION_PORT: String(ingestionPort),
      ALERTING_PORT: String(alertingPort),
      QUEUE_NAME: `batch-ingested-${id}`,
      WEBHOOK_QUEUE_NAME: `webhook-deliveries-${id}`,
      SITE_UPDATES_STREAM: `site-updates-${id}`,
      REDIS_KEY_PREFIX: `${id}:`,
      // Stacks sharing one Redis keep their own rate-limit buckets.
      RATE_LIMIT_NAMESPACE: `rl-${id}`,
      LOG_LEVEL: 'warn',
      ...authEnv(),
      ...extraEnv,
      ADMIN_API_KEY: key,
    },
    services: {},
  };
  for (const s of SERVICES.filter((s) => existsSync(join(root, s.dir, 'dist/main.js')))) {
    // Each service's own Prometheus port (relay, alerting) is a free one, so stacks never collide.
    state.services[s.name] = { dir: s.dir, log: join(runDir, `${s.name}.log`), pid: null, env: { METRICS_PORT: String(await freePort()) } };
    const migrate = join(root, s.dir, 'dist/database/migrate.js');
    if (existsSync(migrate)) await runOnce('node', [migrate, 'up'], { ...process.env, ...state.env });
  }
  if (supervised) await startSupervisor(state, supervisorEnv);
  else for (const name of Object.keys(state.services)) spawnService(state, name);
  // Generous: on a 2-core machine shared with other builds, four Node services can take a minute to come up.
  if (ready) await waitReady(state.baseUrl, 90_000);
  return state;
}

/** Runs the services under scripts/supervisor (as `npm start` does) in one detached process of its own. */
async function startSupervisor(state, supervisorEnv) {
  const runDir = dirname(state.file);
  const log = join(runDir, 'supervisor.log');
  const env = { SUPERVISOR_METRICS_PORT: String(await freePort()), ...supervisorEnv };
  const out = openSync(log, 'a');
  const child = spawn('node', [join(root, 'scripts/supervisor/supervise-stack.mjs'), state.file], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  state.supervisor = {
    pid: child.pid,
    log,
    status: join(runDir, 'supervisor.json'),
    metricsUrl: `http://127.0.0.1:${env.SUPERVISOR_METRICS_PORT}/metrics`,
  };
  writeFileSync(state.file, JSON.stringify(state, null, 2));
}

/** What the supervisor of a supervised stack last wrote: its pid and each service's pid, restarts and state. */
export function supervisorStatus(state) {
  try {
    return JSON.parse(readFileSync(state.supervisor.status, 'utf8'));
  } catch {
    return { pid: state.supervisor?.pid ?? null, services: {} };
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a supervised stack: SIGTERM to the supervisor (which stops its services gracefully), SIGKILL if it hangs. */
async function stopSupervised(state) {
  const status = supervisorStatus(state);
  const pids = [state.supervisor.pid, ...Object.values(status.services).map((s) => s.pid)].filter(Boolean);
  try {
    process.kill(state.supervisor.pid, 'SIGTERM');
  } catch {
    // already gone (e.g. it stopped the stack after a crash loop)
  }
  for (let i = 0; i < 100 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 200));
  for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
}

export async function stopStack(stateOrFile) {
  // Re-read the file: a test may have restarted a service (new pid) through stack-ctl.
  const state = loadState(typeof stateOrFile === 'string' ? stateOrFile : stateOrFile.file);
  if (state.supervisor) {
    await stopSupervised(state);
    await dropDatabase(state);
    return;
  }
  const pids = Object.values(state.services)
    .map((s) => s.pid)
    .filter(Boolean);
  for (const name of Object.keys(state.services).reverse()) stopService(state, name);
  for (let i = 0; i < 50 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 200));
  for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  await dropDatabase(state);
}

async function dropDatabase(state) {
  await withPg(state.database.server, (c) => c.query(`DROP DATABASE IF EXISTS "${state.database.name}" WITH (FORCE)`)).catch(
    () => undefined,
  );
}

function runOnce(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}
