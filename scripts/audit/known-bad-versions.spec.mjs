import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownBadFindings, listProblems, lockedPackages } from './known-bad-versions.mjs';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/package-lock.fixture.json', import.meta.url), 'utf8'));
const repository = (file) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));

const list = {
  packages: {
    debug: [{ versions: '4.4.2', reason: 'compromised publish', ref: 'incident' }],
    ws: [{ versions: '>=8.0.0 <8.17.1', reason: 'DoS', ref: 'GHSA-3h5v-q93c-6h6q' }],
    colors: [{ versions: '1.4.44-liberty-2', reason: 'sabotaged' }],
    'body-parser': [{ versions: '<1.20.3', reason: 'DoS' }],
    chalk: [{ versions: '5.6.1', reason: 'compromised publish' }],
  },
};

describe('known-bad versions in a lock file', () => {
  it('reads every installed copy, nested and aliased ones too, and skips the workspaces', () => {
    const names = lockedPackages(fixture).map((p) => `${p.name}@${p.version}`);
    expect(names.sort()).toEqual([
      'body-parser@1.20.2',
      'body-parser@2.4.0',
      'chalk@5.6.2',
      'colors@1.4.44-liberty-2',
      'debug@4.4.2',
      'ws@8.17.0',
      'ws@8.18.0',
    ]);
  });

  it('finds each listed version wherever it sits (dev, nested, aliased, prerelease) and nothing else', () => {
    const found = knownBadFindings(fixture, list).map((f) => `${f.name}@${f.version} ${f.path}`);
    expect(found.sort()).toEqual([
      'body-parser@1.20.2 node_modules/old-parser',
      'colors@1.4.44-liberty-2 node_modules/colors',
      'debug@4.4.2 node_modules/debug',
      'ws@8.17.0 node_modules/app/node_modules/ws',
    ]);
  });

  it('refuses a list entry with a bad range or without a reason', () => {
    expect(listProblems(list)).toEqual([]);
    expect(
      listProblems({
        packages: {
          x: [
            { versions: 'not a range', reason: 'r' },
            { versions: '1.0.0', reason: ' ' },
          ],
        },
      }),
    ).toEqual(['known-bad-versions.json: x: "not a range" is not a semver range', 'known-bad-versions.json: x 1.0.0: says no reason']);
  });

  it('passes the repository’s own lock file against the committed list, which is itself valid', () => {
    const committed = repository('known-bad-versions.json');
    expect(listProblems(committed)).toEqual([]);
    expect(knownBadFindings(repository('package-lock.json'), committed)).toEqual([]);
  });
});
