// `npm start`: install if needed, check PostgreSQL and Redis, create the database, build, migrate, seed,
// then run every service and the gateway under a supervisor (scripts/supervisor: restarts with backoff, stops on a
// crash loop) until Ctrl-C (which shuts them all down gracefully). The gateway
// runs in APP_ENV=development on 127.0.0.1 with this checkout's random operator key and session secret
// (.dev-credentials.json, made on first start) unless ADMIN_API_KEY / SESSION_SECRET are set;
// the banner says how to sign in and how to call the API. Every process gets the same environment, so the gateway
// and the services agree on SERVICE_AUTH_SECRET: the value you export, else a fresh one per start.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_CREDENTIALS_FILE, loadDevCredentials } from './dev-credentials.mjs';
import { checkServers, DEFAULT_REDIS_URL } from './local-servers.mjs';
import { readableLogLine } from './readable-log-line.mjs';
import { ProcessSupervisor } from './supervisor/process-supervisor.mjs';
import { loadSupervisorConfig } from './supervisor/supervisor-config.mjs';

const root = new URL('..', import.meta.url).pathname;
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/emissions',
  REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
  PORT: process.env.PORT ?? '3000',
  APP_ENV: process.env.APP_ENV ?? 'development',
  // Development listens on this machine only: the loopback shortcut and the checkout's key stay off the network.
  HOST: process.env.HOST ?? ((process.env.APP_ENV ?? 'development') === 'production' ? '0.0.0.0' : '127.0.0.1'),
  // The dashboard's "unreliable network" demo needs it; off in production, where the gateway refuses it.
  DEMO_FAULTS: process.env.DEMO_FAULTS ?? (process.env.APP_ENV === 'production' ? 'false' : 'true'),
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
};
// Development: this checkout's own secrets, never a published default (production brings its own).
const devCredentials = env.APP_ENV === 'production' ? null : loadDevCredentials(root);
if (devCredentials) {
  env.ADMIN_API_KEY ??= devCredentials.admin_api_key;
  env.SESSION_SECRET ??= devCredentials.session_secret;
  if (devCredentials.created) console.log(`» made this checkout's development operator key and session secret in ${DEV_CREDENTIALS_FILE}`);
}

// The gateway and the services this run starts share it, and nothing else needs it: a fresh one per start, in
// production too (an exported value wins, for services started elsewhere); the published default stays unused.
env.SERVICE_AUTH_SECRET ??= randomBytes(32).toString('base64url');

function run(label, cmd, args) {
  console.log(`» ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`✗ ${label} failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

if (!existsSync(join(root, 'node_modules/.package-lock.json')))
  run('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);

// Read before anything slow, so a bad SUPERVISOR_* variable fails at once.
const supervisorConfig = (() => {
  try {
    return loadSupervisorConfig(env);
  } catch (err) {
    console.error(`✗ ${err.message}`);
    process.exit(1);
  }
})();

const problems = await checkServers(env.DATABASE_URL, env.REDIS_URL);
if (problems.length) {
  for (const p of problems) console.error(`✗ ${p}`);
  process.exit(1);
}
await ensureDatabase(env.DATABASE_URL);

run('building', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);
const services = [
  { name: 'ingestion', dir: 'services/ingestion' },
  { name: 'alerting', dir: 'services/alerting' },
  { name: 'relay', dir: 'services/relay' },
  { name: 'gateway', dir: 'gateway' },
].filter((s) => existsSync(join(root, s.dir, 'dist/main.js')));
for (const s of services) {
  if (existsSync(join(root, s.dir, 'dist/database/migrate.js')))
    run(`migrating ${s.name}`, 'node', [join(s.dir, 'dist/database/migrate.js'), 'up']);
}
run('seeding demo sites', 'node', ['services/ingestion/dist/database/seed.js']);

// Services always write JSON lines; in development this terminal shows them readable, in production as they are.
const readable = env.APP_ENV !== 'production';
const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
let lastLineAt = Date.now();

// Supervised: a service that exits unexpectedly is restarted with backoff; a crash loop stops everything.
const supervisor = new ProcessSupervisor(
  services.map((s) => ({ name: s.name, command: 'node', args: [join(s.dir, 'dist/main.js')], cwd: root, env })),
  {
    config: supervisorConfig,
    onLine: (name, line) => {
      lastLineAt = Date.now();
      console.log(`${`[${name}]`.padEnd(12)}${readable ? readableLogLine(line, { colour }) : line}`);
    },
    report: (line) => (line.startsWith('✗') ? console.error(line) : console.log(line)),
  },
);
process.on('SIGINT', () => supervisor.stop(0));
process.on('SIGTERM', () => supervisor.stop(0));
supervisor.done.then((code) => process.exit(code));
await supervisor.start().catch((err) => {
  console.error(`✗ the supervisor could not start: ${err.message} (its metrics endpoint: SUPERVISOR_METRICS_PORT)`);
  process.exit(1);
});

const url = `http://localhost:${env.PORT}`;
// Probe the address the gateway listens on: `localhost` may resolve to ::1 first, where nothing listens.
const probeHost = ['0.0.0.0', '::'].includes(env.HOST) ? '127.0.0.1' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
const probeUrl = `http://${probeHost}:${env.PORT}`;
for (let i = 0; i < 120 && !supervisor.stopping; i++) {
  const ready = await fetch(`${probeUrl}/health/ready`)
    .then((r) => r.ok)
    .catch(() => false);
  if (ready) {
    // The banner comes last: first the start-up lines settle (e.g. alerting working through the seed's events).
    await settled({ quietMs: 1000, atMostMs: 15_000 });
    // One write, so no service's log line lands inside the banner.
    const banner = [`✓ Emissions engine is up: ${url}/  (API ${url}/api/v1/sites, metrics ${url}/metrics). Ctrl-C stops it.`];
    console.log(`\n${[...banner, ...signInHelp(url)].join('\n')}\n`);
    break;
  }
  await new Promise((r) => setTimeout(r, 500));
}

/** Resolves once no service has written a line for `quietMs`, or after `atMostMs` whatever they write. */
async function settled({ quietMs, atMostMs }) {
  const deadline = Date.now() + atMostMs;
  while (!supervisor.stopping && Date.now() < deadline && Date.now() - lastLineAt < quietMs) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How to sign in and call the API with the operator key in effect. */
function signInHelp(url) {
  const checkoutKey = devCredentials !== null && env.ADMIN_API_KEY === devCredentials.admin_api_key;
  const key = checkoutKey ? env.ADMIN_API_KEY : '$ADMIN_API_KEY';
  const which = checkoutKey
    ? `this checkout's development operator key ${key} (kept in ${DEV_CREDENTIALS_FILE}; delete the file for a new one)`
    : 'the operator key you set in ADMIN_API_KEY';
  const lines = [`  Sign in:  ${url}/sign-in with ${which}`, `  API:      curl -H 'Authorization: Bearer ${key}' ${url}/api/v1/sites`];
  const loopback = env.ANONYMOUS_LOOPBACK === undefined ? env.APP_ENV !== 'production' : ['true', '1'].includes(env.ANONYMOUS_LOOPBACK);
  if (loopback)
    lines.push(
      `  Development: the dashboard at ${url}/ acts as the operator without signing in (ANONYMOUS_LOOPBACK: loopback Host, same-origin changes).`,
    );
  return lines;
}

async function ensureDatabase(databaseUrl) {
  const { default: pg } = await import('pg');
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      console.log(`» creating database ${name}`);
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    }
  } finally {
    await client.end();
  }
}
