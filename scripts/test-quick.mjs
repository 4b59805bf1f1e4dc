// @ts-check
// `npm run test:quick`: the inner loop. Every package's unit tests, and the services' integration tests against real
// PostgreSQL and Redis, with the packages run side by side. Left to `npm test` (which CI runs): lint, module
// boundaries, type-check, the gateway's end-to-end suite (real processes), the dashboard in Chromium, fault
// injection, the compose checks and the dependency audit, plus the few integration files below that start services
// as processes. Prints `N passed, N failed` and the wall time last; exits non-zero when anything fails.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkServers, DEFAULT_DATABASE_SERVER, DEFAULT_REDIS_URL } from './local-servers.mjs';

const root = new URL('..', import.meta.url).pathname;
process.env.DATABASE_URL ??= DEFAULT_DATABASE_SERVER;
process.env.REDIS_URL ??= DEFAULT_REDIS_URL;
process.env.NX_NO_CLOUD = 'true';
process.env.NX_DAEMON = 'false';

/**
 * What runs, per package: vitest's file filters (none: the package's whole default suite) and the files it leaves out.
 * @type {{ dir: string, filters?: string[], exclude?: { file: string, why: string }[] }[]}
 */
const QUICK_SUITES = [
  // Longest first, so the slowest package is never the one left running alone at the end.
  { dir: 'services/ingestion' },
  {
    dir: 'services/alerting',
    exclude: [
      { file: 'test/integration/webhook-delivery.int-spec.ts', why: 'waits out a webhook receiver that is down for a minute (≈65 s)' },
    ],
  },
  {
    dir: 'services/relay',
    exclude: [{ file: 'test/integration/pipeline.int-spec.ts', why: 'starts the alerting service as a process (≈40 s)' }],
  },
  // Its own unit tests; test/e2e starts the services as processes.
  { dir: 'gateway', filters: ['src/'] },
  // Unit tests only: the browser suite has its own config (vitest.e2e.config.mts).
  { dir: 'dashboard' },
  { dir: 'scripts', filters: [] },
  { dir: 'shared/contracts' },
  { dir: 'shared/service-auth' },
  { dir: 'shared/observability' },
];

/** How many packages run at once: their tests mostly wait on PostgreSQL, Redis and timers, not on the CPU. */
const CONCURRENCY = Number(process.env.TEST_QUICK_CONCURRENCY ?? 3);

const started = Date.now();
const problems = await checkServers(process.env.DATABASE_URL, process.env.REDIS_URL);
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}

// What the tests import from other packages is their build (dist/); Nx rebuilds only what changed. The dashboard's
// own build (vite) is for the browser and the gateway, which nothing here needs.
console.log('=== build (Nx cache: only what changed)');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--exclude=@emissions/dashboard', '--outputStyle=static'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (build.status !== 0) {
  process.stdout.write(build.stdout);
  process.stderr.write(build.stderr);
  console.error(`=== build failed (exit ${build.status ?? build.signal})`);
  process.exit(1);
}

/** @param {typeof QUICK_SUITES[number]} suite */
function vitestArgs(suite) {
  const resultFile = join(root, suite.dir, 'test-results.quick.json');
  const config = suite.dir === 'scripts' ? ['--config', 'vitest.config.mts'] : [];
  const exclude = (suite.exclude ?? []).flatMap(({ file }) => ['--exclude', file]);
  return {
    resultFile,
    args: [
      'vitest',
      'run',
      ...config,
      ...(suite.filters ?? []),
      ...exclude,
      '--reporter=dot',
      '--reporter=json',
      `--outputFile=${resultFile}`,
    ],
  };
}

/** Runs one package's tests, its output held until it ends so packages running side by side do not interleave. */
function runSuite(/** @type {typeof QUICK_SUITES[number]} */ suite) {
  const { resultFile, args } = vitestArgs(suite);
  rmSync(resultFile, { force: true });
  const suiteStarted = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npx', args, { cwd: join(root, suite.dir), env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - suiteStarted) / 1000).toFixed(1);
      const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : null;
      rmSync(resultFile, { force: true });
      const passed = result?.numPassedTests ?? 0;
      const failed = result?.numFailedTests ?? 0;
      const ok = code === 0 && result !== null;
      console.log(`=== ${suite.dir}: ${passed} passed, ${failed} failed, ${seconds} s${ok ? '' : ` (exit ${code})`}`);
      if (!ok) process.stdout.write(Buffer.concat(output));
      for (const { file, why } of suite.exclude ?? []) console.log(`    left to npm test: ${file} (${why})`);
      resolve({ passed, failed, ok });
    });
  });
}

const queue = [...QUICK_SUITES];
/** @type {{ passed: number, failed: number, ok: boolean }[]} */
const results = [];
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let suite = queue.shift(); suite; suite = queue.shift()) results.push(await runSuite(suite));
  }),
);

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\n${passed} passed, ${failed} failed in ${seconds} s (npm test runs everything CI runs)`);
process.exit(results.every((r) => r.ok) && failed === 0 ? 0 : 1);
