// @ts-check
// `npm run test:compose`: runs docker-compose.yml for real and drives it from the host.
//   1. a Docker engine: the one that answers, else a private dockerd started here (vfs storage, no iptables/NAT; its
//      data root is in the cache directory) and stopped at the end by its pid file; Compose v2 likewise;
//   2. base images: present, pulled, or (no registry reachable) stand-ins built from Debian bookworm + npm packages;
//   3. the README's compose command, exactly, with a project name and a gateway port of this run's own
//      (COMPOSE_PROJECT_NAME, GATEWAY_PORT), so it never meets another stack on the host. Images build with the
//      host's network (`build.network: host` in the compose file): this engine's containers have no outbound NAT;
//   4. from the host: readiness, the dashboard, a site, an ingest and its replay, metrics, an alert after a crossing;
//   5. a crash of an application service (SIGKILL of its process; `docker compose kill` would be an operator's stop,
//      which the engine never restarts): its restart policy brings it back, and the pipeline still works with exact
//      totals and no second alert;
//   6. `docker compose down -v`, always.
// Every phase's time is printed at the end. A failure names the service (from `docker compose ps`) with its last logs.
// Environment: COMPOSE_TEST_CACHE (default /var/cache/emissions-compose), COMPOSE_TEST_PORT (default: a loopback port free
// when the run starts; a fixed default in the ephemeral range once met a socket of another process there),
// COMPOSE_TEST_UP_TIMEOUT_S (default 2400), COMPOSE_FILE (compose's own: e.g. add an override to try a broken stack).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CACHE_DIR, dockerEnv, ensureCompose, ensureDaemon, stopDaemon } from './compose/docker-engine.mjs';
import { run, runStreaming, tryRun, waitFor } from './compose/process-runner.mjs';
import { driveStack, expectReady, expectStillWorking, gatewayClient } from './compose/stack-drive.mjs';
import {
  crashLooping,
  formatTimings,
  globalComposeArgs,
  parseComposePs,
  readmeComposeCommand,
  seconds,
  stackProblems,
} from './compose/stack-state.mjs';
import { ensureImages, requiredImages } from './compose/standin-images.mjs';

const root = new URL('..', import.meta.url).pathname;
const port = Number(process.env.COMPOSE_TEST_PORT ?? (await freeLoopbackPort()));
const project = `emissions-compose-test-${port}`;
const composeFile = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const upCommand = readmeComposeCommand(readFileSync(join(root, 'README.md'), 'utf8'));
const globalArgs = globalComposeArgs(upCommand);
/** The application service killed to prove the restart policy. */
const VICTIM = 'ingestion';
/** A service restarted this often while `up --wait` waits is crash-looping (it would wait forever). */
const CRASH_LOOP_RESTARTS = 3;
/** Bound on build + start (a cold build on a busy 2-core machine takes long; an idle one about 5 minutes). */
const UP_TIMEOUT_MS = Number(process.env.COMPOSE_TEST_UP_TIMEOUT_S ?? 2400) * 1000;

/** @type {{ name: string, ms: number, ok: boolean }[]} */
const phases = [];
/**
 * @template T
 * @param {string} name
 * @param {() => T | Promise<T>} fn
 * @returns {Promise<T>}
 */
async function phase(name, fn) {
  console.log(`\n── ${name}`);
  const started = Date.now();
  try {
    const result = await fn();
    phases.push({ name, ms: Date.now() - started, ok: true });
    console.log(`   (${seconds(Date.now() - started)})`);
    return result;
  } catch (err) {
    phases.push({ name, ms: Date.now() - started, ok: false });
    throw err;
  }
}

let daemon = /** @type {Awaited<ReturnType<typeof ensureDaemon>> | undefined} */ (undefined);
/** @type {NodeJS.ProcessEnv} */
let env = process.env;
let stackUp = false;
let failed = false;

/** @param {string[]} args */
function compose(args, timeoutMs = 120_000) {
  return tryRun('docker', ['compose', ...globalArgs, ...args], { env, cwd: root, timeoutMs });
}

/** One line per service that is wrong, with its last log lines: what a failure prints. */
function diagnose() {
  const ps = compose(['ps', '--all', '--format', 'json']);
  if (!ps.ok) return [`docker compose ps failed: ${ps.stderr.trim()}`];
  const problems = stackProblems(composeFile, parseComposePs(ps.stdout));
  return problems.map(({ service, problem }) => {
    const logs = compose(['logs', '--no-color', '--tail', '15', service]).stdout.trim();
    return `service ${service} ${problem}\n${logs.replace(/^/gm, '      ')}`;
  });
}

try {
  daemon = await phase('docker engine', async () => {
    const d = await ensureDaemon();
    console.log(`   ${d.describe}`);
    return d;
  });
  await phase('compose client', () => {
    const c = ensureCompose(dockerEnv({ dockerHost: daemon?.dockerHost }));
    env = {
      ...dockerEnv({ dockerHost: daemon?.dockerHost, dockerConfig: c.dockerConfig }),
      COMPOSE_PROJECT_NAME: project,
      GATEWAY_PORT: String(port),
      // Secrets of this run: the variables the compose file reads win over its development env file.
      ADMIN_API_KEY: randomBytes(24).toString('hex'),
      SESSION_SECRET: randomBytes(24).toString('hex'),
      SERVICE_AUTH_SECRET: randomBytes(24).toString('hex'),
    };
    console.log(`   Docker Compose ${c.version}${c.dockerConfig ? ` (plugin in ${c.dockerConfig})` : ''}`);
  });
  await phase('base images', () => {
    const images = requiredImages(composeFile, readFileSync(join(root, 'Dockerfile'), 'utf8'));
    for (const line of ensureImages(images, env, CACHE_DIR)) console.log(`   ${line}`);
  });
  // A stack of this project left by an interrupted run would hold the port: remove it first.
  compose(['down', '-v', '--remove-orphans'], 300_000);
  console.log(`\nthe README's command: ${upCommand.join(' ')}`);
  await phase('compose up: build, start, every health check', async () => {
    stackUp = true;
    const crashLoop = new AbortController();
    const upRun = runStreaming(upCommand[0], upCommand.slice(1), { env, cwd: root, timeoutMs: UP_TIMEOUT_MS, signal: crashLoop.signal });
    /** @type {{ service: string, restarts: number }[]} */
    let looping = [];
    const watch = setInterval(() => {
      const ids = compose(['ps', '--all', '-q']).stdout.trim().split('\n').filter(Boolean);
      if (ids.length === 0) return;
      const inspect = tryRun(
        'docker',
        ['inspect', '--format', '{{index .Config.Labels "com.docker.compose.service"}} {{.RestartCount}}', ...ids],
        { env },
      );
      looping = crashLooping(inspect.stdout, CRASH_LOOP_RESTARTS);
      if (looping.length) crashLoop.abort();
    }, 5000);
    const up = await upRun.finally(() => clearInterval(watch));
    if (up.status !== 0) {
      const why = [
        ...looping.map(
          ({ service, restarts }) => `service ${service} is crash-looping: restarted ${restarts} times while compose waited for it`,
        ),
        ...diagnose(),
      ];
      throw new Error(
        `${upCommand.join(' ')} ${up.timedOut ? 'timed out' : `exited ${up.status}`}` +
          (why.length ? `:\n  ${why.join('\n  ')}` : ' (every service looks fine: see its output above)'),
      );
    }
  });

  const client = gatewayClient(`http://127.0.0.1:${port}`, String(env.ADMIN_API_KEY));
  const state = await phase('drive the stack from the host', () => driveStack(client, (line) => console.log(`   ✓ ${line}`)));

  await phase(`${VICTIM} crashes (SIGKILL of its process): back by its restart policy`, async () => {
    const id = run('docker', ['compose', ...globalArgs, 'ps', '-q', VICTIM], { env, cwd: root }).stdout.trim();
    const startedAt = () =>
      run('docker', ['inspect', '--format', '{{.State.StartedAt}} {{.State.Status}} {{.RestartCount}} {{.State.Pid}}', id], {
        env,
      }).stdout.trim();
    const before = startedAt();
    // A crash, as the engine sees one: the process dies without being asked through the Docker API. `docker kill`
    // (and `docker compose kill`) is an operator's stop instead: Docker 20.10 never restarts a container after it,
    // whatever the policy (checked here: `restart: always` + `docker kill` stayed exited).
    const pid = Number(before.split(' ')[3]);
    process.kill(pid, 'SIGKILL');
    console.log(`   killed ${VICTIM}'s process (host pid ${pid}) with SIGKILL`);
    await waitFor(
      () => {
        const now = startedAt();
        return now.split(' ')[0] !== before.split(' ')[0] && now.includes(' running ') ? now : undefined;
      },
      { timeoutMs: 60_000, what: `${VICTIM} to be restarted by the engine` },
    );
    console.log(`   ${VICTIM} restarted (restart count ${startedAt().split(' ')[2]})`);
    await waitFor(() => compose(['ps', '--format', 'json', VICTIM]).stdout.includes('"healthy"'), {
      timeoutMs: 90_000,
      what: `${VICTIM} to be healthy again`,
    });
    await expectReady(client, 90_000);
    await expectStillWorking(client, state, 'compose-test-3', '11.5');
    console.log('   ✓ /health/ready → 200 again; a new batch → 201, total 11.5 kg; still exactly one alert');
  });
} catch (err) {
  failed = true;
  console.error(`\n✗ test:compose failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  if (stackUp) {
    await phase('docker compose down -v', () => {
      const down = compose(['down', '-v', '--remove-orphans'], 300_000);
      if (!down.ok) throw new Error(`docker compose down -v failed: ${down.stderr}`);
    }).catch((err) => {
      failed = true;
      console.error(String(err));
    });
  }
  if (daemon?.started) {
    // Bounded cache: vfs stores every layer as a full copy, so keep the build cache under a few GB.
    tryRun('docker', ['builder', 'prune', '-f', '--keep-storage', '6gb'], { env, timeoutMs: 300_000 });
    tryRun('docker', ['image', 'prune', '-f'], { env, timeoutMs: 300_000 });
    await phase('stop the private docker daemon', () => stopDaemon(/** @type {NonNullable<typeof daemon>} */ (daemon))).catch((err) => {
      failed = true;
      console.error(String(err));
    });
  }
  console.log(`\ntest:compose phases:\n${formatTimings(phases)}`);
  console.log(failed ? '\ntest:compose FAILED' : '\ntest:compose passed');
  process.exit(failed ? 1 : 0);
}

/** A port nothing listens on at 127.0.0.1 right now: the kernel's pick for a socket bound to port 0, released. */
function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
