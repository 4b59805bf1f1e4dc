// Dependency audit (run by `npm test`). First, offline: no version listed in known-bad-versions.json (compromised
// publishes, high-impact advisories) anywhere in package-lock.json, dev dependencies included; exit 1 otherwise,
// whatever npm audit says (`--lock <file>` judges another lock file). Then `npm audit --omit=dev` over the
// lockfile's production dependencies.
// Fails (exit 1) on any high or critical advisory that audit-allowlist.json does not list with a reason and
// a review date still ahead, or on an allowlist entry past its date; fails (exit 2) when the audit cannot
// run, for example when the registry's advisory endpoint does not answer: no audit is never a pass.
// `--report <file>` judges a saved `npm audit --omit=dev --json` output instead of asking the registry.
// DEPENDENCY_AUDIT_UNAVAILABLE=warn is the one explicit way past an audit that cannot run: it prints that
// nothing was audited and exits 0. It changes nothing when the audit runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { advisoriesOf, allowedBy, allowlistProblems, BLOCKING, parseAuditOutput } from './audit/audit-report.mjs';
import { knownBadFindings, listProblems as knownBadListProblems } from './audit/known-bad-versions.mjs';

const root = new URL('..', import.meta.url).pathname;
const allowlistFile = join(root, 'audit-allowlist.json');
const today = new Date().toISOString().slice(0, 10);

function runAudit() {
  const saved = process.argv.indexOf('--report');
  if (saved >= 0) return readFileSync(process.argv[saved + 1], 'utf8');
  // npm exits 1 both when it finds advisories and when it fails: the JSON tells which.
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (run.error) return JSON.stringify({ message: `could not run npm audit: ${run.error.message}` });
  return run.stdout;
}

function fail(code, lines) {
  for (const line of lines) console.error(line);
  process.exit(code);
}

/** The offline check: problems of the list, then every locked copy of a listed version. */
function knownBadProblems() {
  const lockArg = process.argv.indexOf('--lock');
  const lockFile = lockArg >= 0 ? process.argv[lockArg + 1] : join(root, 'package-lock.json');
  const list = JSON.parse(readFileSync(join(root, 'known-bad-versions.json'), 'utf8'));
  const findings = knownBadFindings(JSON.parse(readFileSync(lockFile, 'utf8')), list);
  const problems = [
    ...knownBadListProblems(list),
    ...findings.map((f) => `known-bad version ${f.name}@${f.version} at ${f.path}${f.dev ? ' (dev)' : ''}: ${f.reason} (${f.ref})`),
  ];
  if (problems.length === 0)
    console.log(`✓ known-bad versions: none of known-bad-versions.json's entries is in ${lockFile.replace(`${root}`, '')}`);
  return problems;
}

const allowlist = existsSync(allowlistFile) ? JSON.parse(readFileSync(allowlistFile, 'utf8')).advisories : [];
// Offline problems fail the audit like allowlist problems do, also when npm audit itself cannot run.
const listProblems = [...knownBadProblems(), ...allowlistProblems(allowlist, today)];

const { report, problem } = parseAuditOutput(runAudit());
if (problem) {
  const lines = [
    `✗ dependency audit could not run: ${problem}`,
    "  The production dependencies were NOT audited. `npm audit` needs the registry's advisory endpoint",
    '  (POST /-/npm/v1/security/advisories/bulk); make it reachable, or audit on a machine that reaches it.',
    ...listProblems.map((p) => `✗ ${p}`),
  ];
  if (process.env.DEPENDENCY_AUDIT_UNAVAILABLE !== 'warn') fail(2, lines);
  const verdict = listProblems.length
    ? '✗ failing: the offline checks above found problems'
    : '⚠ DEPENDENCY AUDIT NOT PERFORMED (DEPENDENCY_AUDIT_UNAVAILABLE=warn): passing with only the offline known-bad-versions check';
  for (const line of [...lines, verdict]) console.warn(line);
  process.exit(listProblems.length ? 1 : 0);
}

const counts = report.metadata.vulnerabilities;
const deps = report.metadata.dependencies;
console.log(
  `dependency audit: ${deps.prod ?? deps.total} production packages; advisories critical=${counts.critical} high=${counts.high} moderate=${counts.moderate} low=${counts.low}`,
);
const blocking = [];
for (const a of advisoriesOf(report).sort((x, y) => BLOCKING.indexOf(y.severity) - BLOCKING.indexOf(x.severity))) {
  const entry = allowedBy(a, allowlist);
  const verdict = !BLOCKING.includes(a.severity)
    ? 'below high: reported only'
    : entry
      ? `allowed until ${entry.review_by}: ${entry.reason}`
      : 'NOT ALLOWED';
  console.log(`  ${a.severity.padEnd(8)} ${a.ghsa ?? a.id} ${a.package}@${a.range} — ${a.title}`);
  console.log(`           fix: ${a.fix}; ${verdict}`);
  if (BLOCKING.includes(a.severity) && !entry) blocking.push(a);
}
const found = new Set(advisoriesOf(report).flatMap((a) => [a.id, a.ghsa, a.url].filter(Boolean).map((n) => n.toLowerCase())));
for (const e of allowlist.filter((e) => !found.has(String(e.id).toLowerCase()))) {
  console.log(`  note: allowlist entry ${e.id} (${e.package}) matches no current advisory: remove it`);
}
if (blocking.length || listProblems.length) {
  fail(1, [
    ...listProblems.map((p) => `✗ ${p}`),
    ...blocking.map((a) => `✗ ${a.severity} advisory ${a.ghsa ?? a.id} in ${a.package}: upgrade (${a.fix}) or allowlist it with a reason`),
  ]);
}
console.log('✓ dependency audit: no high or critical advisory outside the allowlist');
