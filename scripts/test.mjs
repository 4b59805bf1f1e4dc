// `npm test`: lint and module boundaries, build, compose checks, type-check, then every test suite (unit, integration,
// end-to-end) against real PostgreSQL and Redis, then the dependency audit. Exits non-zero when anything fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkServers, DEFAULT_DATABASE_SERVER, DEFAULT_REDIS_URL } from './local-servers.mjs';

const root = new URL('..', import.meta.url).pathname;
process.env.DATABASE_URL ??= DEFAULT_DATABASE_SERVER;
process.env.REDIS_URL ??= DEFAULT_REDIS_URL;
process.env.NX_NO_CLOUD = 'true';
process.env.NX_DAEMON = 'false';

const problems = await checkServers(process.env.DATABASE_URL, process.env.REDIS_URL);
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}

// A workspace with no src/ yet is a placeholder (e.g. a package whose issue is not started): nothing to build.
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.filter((dir) =>
  existsSync(join(root, dir, 'src')),
);
const projects = workspaces.map((dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name).join(',');
const resultFiles = [
  ...workspaces.map((dir) => join(root, dir, 'test-results.json')),
  join(root, 'test-results.scripts.json'),
  join(root, 'test-results.e2e.json'),
  join(root, 'test-results.faults.json'),
];
for (const f of resultFiles) rmSync(f, { force: true });

const steps = [
  ['lint', 'npx', ['biome', 'check', '.']],
  ['module boundaries', 'node', ['scripts/check-boundaries.mjs']],
  ['build', 'npx', ['nx', 'run-many', '-t', 'build', `--projects=${projects}`, '--outputStyle=static']],
  // After the build: it reads each service's compiled env schema (dist/config/env.js).
  ['compose checks', 'node', ['scripts/check-compose.mjs']],
  ['typecheck', 'npx', ['nx', 'run-many', '-t', 'typecheck', `--projects=${projects}`, '--outputStyle=static']],
  ['typecheck scripts (// @ts-check)', 'npx', ['tsc', '-p', 'scripts']],
  [
    'tests',
    'npx',
    [
      'nx',
      'run-many',
      '-t',
      'test',
      `--projects=${projects}`,
      '--parallel=1',
      '--outputStyle=static',
      '--',
      '--reporter=default',
      '--reporter=json',
      '--outputFile=test-results.json',
    ],
  ],
  [
    'scripts (unit tests of the repository scripts: compose checks and the compose test)',
    'npx',
    [
      'vitest',
      'run',
      '--config',
      'scripts/vitest.config.mts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${join(root, 'test-results.scripts.json')}`,
    ],
  ],
  [
    'browser end-to-end (dashboard in Chromium against the real stack)',
    'node',
    ['scripts/e2e.mjs', '--reporter=default', '--reporter=json', `--outputFile=${join(root, 'test-results.e2e.json')}`],
  ],
  [
    'fault injection (real processes killed, PostgreSQL sessions terminated, Redis stopped, malformed input)',
    'npm',
    [
      'run',
      'test:faults',
      '-w',
      '@emissions/gateway',
      '--',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${join(root, 'test-results.faults.json')}`,
    ],
  ],
  // Last, so a failing audit (or an advisory endpoint that does not answer) never hides the test results.
  [
    'dependency audit (npm audit --omit=dev: high or critical advisories outside audit-allowlist.json)',
    'node',
    ['scripts/audit-dependencies.mjs'],
  ],
];

let failed = false;
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const run = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (run.status !== 0) {
    console.error(`=== ${name} failed (exit ${run.status ?? run.signal})`);
    failed = true;
    if (!['tests', 'scripts', 'browser', 'fault', 'dependency audit'].some((p) => name.startsWith(p))) break;
  }
}

let passed = 0;
let failedTests = 0;
const failures = [];
for (const f of resultFiles.filter((f) => existsSync(f))) {
  const r = JSON.parse(readFileSync(f, 'utf8'));
  passed += r.numPassedTests;
  failedTests += r.numFailedTests;
  for (const file of r.testResults ?? []) {
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
      failures.push(`✗ ${file.name.replace(root, '')}\n    ${(file.message ?? '').split('\n')[0].slice(0, 300)}`);
    }
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const reason = (test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
      failures.push(`✗ ${file.name.replace(root, '')} > ${test.fullName}\n    ${reason}`);
    }
  }
}
// Last, so the tail of a CI log (often all that is shown of it) names what failed.
if (failures.length) console.log(`\nFailed tests:\n${failures.join('\n')}`);
console.log(`\n${passed} passed, ${failedTests} failed`);
process.exit(failed || failedTests > 0 ? 1 : 0);
