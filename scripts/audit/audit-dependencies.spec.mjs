import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = new URL('../audit-dependencies.mjs', import.meta.url).pathname;
const fixtureLock = new URL('./fixtures/package-lock.fixture.json', import.meta.url).pathname;

/** The audit step as `npm test` runs it here: the advisory endpoint does not answer (a saved npm error), warn mode. */
function audit(extraArgs) {
  const report = join(mkdtempSync(join(tmpdir(), 'audit-')), 'npm-audit.json');
  writeFileSync(report, JSON.stringify({ error: { code: 'E405', summary: '405 Method Not Allowed' } }));
  const env = { ...process.env, DEPENDENCY_AUDIT_UNAVAILABLE: 'warn' };
  return spawnSync(process.execPath, [script, '--report', report, ...extraArgs], { encoding: 'utf8', env });
}

describe('scripts/audit-dependencies.mjs offline check', () => {
  it('fails the audit step on a lock file holding a known-bad version, even with npm audit unavailable', () => {
    const run = audit(['--lock', fixtureLock]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/known-bad version debug@4\.4\.2 at node_modules\/debug: compromised publish/);
    expect(run.stderr).toMatch(/known-bad version body-parser@1\.20\.2 at node_modules\/old-parser/);
    expect(run.stderr).toMatch(/failing: the offline checks above found problems/);
  });

  it('passes the repository lock file, still warning loudly that npm audit did not run', () => {
    const run = audit([]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✓ known-bad versions: none/);
    expect(run.stderr).toMatch(/DEPENDENCY AUDIT NOT PERFORMED/);
  });
});
