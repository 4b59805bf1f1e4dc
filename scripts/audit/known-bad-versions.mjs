// The offline half of the dependency audit: versions named in known-bad-versions.json (compromised publishes,
// high-impact advisories) refused wherever package-lock.json holds them. Pure functions over parsed JSON, so
// a fixture lock file tests them; needs no registry, unlike `npm audit`.
import semver from 'semver';

/** Every installed package of a lockfile v2/v3 once per location: name (the alias target when aliased), version, path, dev. */
export function lockedPackages(lock) {
  const found = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const at = path.lastIndexOf('node_modules/');
    // The root and workspace folders are this repository's own code, and links point at them.
    if (at < 0 || entry.link || typeof entry.version !== 'string') continue;
    found.push({ name: entry.name ?? path.slice(at + 'node_modules/'.length), version: entry.version, path, dev: entry.dev === true });
  }
  return found;
}

/** What is wrong with the list itself: an unparseable range or an entry without a reason. */
export function listProblems(list) {
  const problems = [];
  for (const [name, entries] of Object.entries(list.packages ?? {})) {
    for (const entry of entries) {
      if (semver.validRange(entry.versions) === null)
        problems.push(`known-bad-versions.json: ${name}: "${entry.versions}" is not a semver range`);
      if (!entry.reason?.trim()) problems.push(`known-bad-versions.json: ${name} ${entry.versions}: says no reason`);
    }
  }
  return problems;
}

/** Each locked package whose version an entry names: `{ name, version, path, dev, reason, ref }`. */
export function knownBadFindings(lock, list) {
  const findings = [];
  for (const pkg of lockedPackages(lock)) {
    for (const entry of list.packages?.[pkg.name] ?? []) {
      if (semver.satisfies(pkg.version, entry.versions, { includePrerelease: true }))
        findings.push({ ...pkg, reason: entry.reason, ref: entry.ref ?? '' });
    }
  }
  return findings;
}
