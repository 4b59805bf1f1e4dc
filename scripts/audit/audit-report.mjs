// Reading `npm audit --json` (report version 2) and the allowlist: pure functions, so a saved report can be
// judged the same way as a live one (`node scripts/audit-dependencies.mjs --report saved.json`).

export const BLOCKING = ['high', 'critical'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The report, or why it is not one (npm prints its own errors, such as an unreachable endpoint, as JSON too). */
export function parseAuditOutput(stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { problem: `npm audit printed no JSON report: ${stdout.trim().slice(0, 300) || '(nothing)'}` };
  }
  if (report?.auditReportVersion === 2 && report.vulnerabilities && report.metadata) return { report };
  const why = report?.message ?? report?.error?.summary ?? report?.error?.code ?? JSON.stringify(report).slice(0, 300);
  return { problem: `npm audit returned no report: ${why}` };
}

/** GHSA-xxxx-xxxx-xxxx of an advisory URL, else undefined. */
const ghsaOf = (url) => /GHSA-[\w]{4}-[\w]{4}-[\w]{4}/i.exec(url ?? '')?.[0];

/** Every advisory of the report once (npm lists one under each package it reaches), with what fixes it. */
export function advisoriesOf(report) {
  const byId = new Map();
  for (const vulnerability of Object.values(report.vulnerabilities)) {
    for (const via of vulnerability.via) {
      if (typeof via !== 'object' || byId.has(via.source)) continue;
      const fix = report.vulnerabilities[via.name]?.fixAvailable;
      byId.set(via.source, {
        id: String(via.source),
        ghsa: ghsaOf(via.url),
        url: via.url,
        package: via.name,
        range: via.range,
        severity: via.severity,
        title: via.title,
        fix: fix === true ? 'npm audit fix' : fix ? `${fix.name}@${fix.version}${fix.isSemVerMajor ? ' (semver-major)' : ''}` : 'none',
      });
    }
  }
  return [...byId.values()];
}

/** Problems of the allowlist file itself: missing fields, bad dates, entries past their review date. */
export function allowlistProblems(entries, today) {
  if (!Array.isArray(entries)) return ['audit-allowlist.json: "advisories" must be a list'];
  const problems = [];
  for (const [i, e] of entries.entries()) {
    const at = `audit-allowlist.json advisories[${i}] (${e?.id ?? 'no id'})`;
    for (const field of ['id', 'package', 'reason', 'review_by']) {
      if (typeof e?.[field] !== 'string' || e[field].trim() === '') problems.push(`${at}: "${field}" is required`);
    }
    if (typeof e?.review_by !== 'string') continue;
    if (!DATE.test(e.review_by) || Number.isNaN(Date.parse(e.review_by))) problems.push(`${at}: review_by must be YYYY-MM-DD`);
    else if (e.review_by < today) problems.push(`${at}: review date ${e.review_by} has passed; review the advisory again`);
  }
  return problems;
}

/** The allowlist entry that covers an advisory: same package, and its id, GHSA id or URL. */
export function allowedBy(advisory, entries) {
  const names = [advisory.id, advisory.ghsa, advisory.url].filter(Boolean).map((n) => n.toLowerCase());
  return entries.find((e) => e.package === advisory.package && names.includes(String(e.id).toLowerCase()));
}
