// @ts-check
// Pure logic of the compose test (unit-tested in stack-state.spec.mjs): which command the README documents, which
// services a default `up` starts and which of them are one-shot jobs, and what `docker compose ps` says is wrong,
// one line per service, so a failure names the service.

/**
 * The README's compose command: the first line of a fenced code block that starts with `docker compose` and runs
 * `up`. The test runs exactly this argv (project name and ports come from the environment, not the command).
 * @param {string} readme
 * @returns {string[]}
 */
export function readmeComposeCommand(readme) {
  let inFence = false;
  for (const raw of readme.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      inFence = !inFence;
      continue;
    }
    if (!inFence || !line.startsWith('docker compose ')) continue;
    const argv = line.split(/\s+/);
    if (!argv.includes('up')) continue;
    if (/["'`$\\|;&<>]/.test(line)) throw new Error(`README compose command must be a plain argv, got: ${line}`);
    return argv;
  }
  throw new Error('README has no fenced `docker compose … up …` command');
}

/**
 * The README command's global options (everything before the subcommand), for the test's own ps/kill/logs/down.
 * @param {string[]} argv e.g. ['docker', 'compose', '--env-file', 'x.env', 'up', '--build']
 */
export function globalComposeArgs(argv) {
  const up = argv.indexOf('up');
  return argv.slice(2, up);
}

/**
 * @typedef {{ image?: string, build?: unknown, profiles?: string[], restart?: string,
 *   depends_on?: string[] | Record<string, { condition?: string }> }} ComposeService
 * @typedef {{ services?: Record<string, ComposeService> }} ComposeFile
 */

/**
 * Services a default `up` starts, split into one-shot jobs (something waits for them to complete successfully) and
 * long-running services.
 * @param {ComposeFile} compose
 */
export function defaultServices(compose) {
  const services = Object.entries(compose.services ?? {}).filter(([, s]) => !s.profiles?.length);
  const oneShot = new Set();
  for (const [, s] of services) {
    if (Array.isArray(s.depends_on) || !s.depends_on) continue;
    for (const [dep, spec] of Object.entries(s.depends_on)) {
      if (spec?.condition === 'service_completed_successfully') oneShot.add(dep);
    }
  }
  const names = services.map(([name]) => name);
  return { oneShot: names.filter((n) => oneShot.has(n)), longRunning: names.filter((n) => !oneShot.has(n)) };
}

/**
 * `docker compose ps --all --format json`: one JSON object per line (Compose ≥ 2.21) or one JSON array (earlier).
 * @param {string} stdout
 * @returns {{ Service: string, State: string, Health?: string, ExitCode?: number, Status?: string }[]}
 */
export function parseComposePs(stdout) {
  const text = stdout.trim();
  if (!text) return [];
  if (text.startsWith('[')) return JSON.parse(text);
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/**
 * One line per service that is not as it should be: a long-running service must be running (and healthy when it has
 * a health check); a one-shot job must have exited with code 0.
 * @param {ComposeFile} compose
 * @param {ReturnType<typeof parseComposePs>} ps
 * @returns {{ service: string, problem: string }[]}
 */
export function stackProblems(compose, ps) {
  const { oneShot, longRunning } = defaultServices(compose);
  const byService = new Map(ps.map((c) => [c.Service, c]));
  const problems = [];
  for (const service of oneShot) {
    const c = byService.get(service);
    if (!c) problems.push({ service, problem: 'has no container (it never started)' });
    else if (c.State !== 'exited') problems.push({ service, problem: `one-shot job is ${c.State}, not finished` });
    else if (c.ExitCode !== 0) problems.push({ service, problem: `one-shot job exited with code ${c.ExitCode}` });
  }
  for (const service of longRunning) {
    const c = byService.get(service);
    if (!c) problems.push({ service, problem: 'has no container (it never started: a dependency failed?)' });
    else if (c.State !== 'running') {
      problems.push({ service, problem: `is ${c.State}${c.ExitCode ? ` (last exit code ${c.ExitCode})` : ''}: ${c.Status ?? ''}`.trim() });
    } else if (c.Health && c.Health !== 'healthy')
      problems.push({ service, problem: `is running but ${c.Health}: ${c.Status ?? ''}`.trim() });
  }
  return problems;
}

/**
 * Services whose container the engine has restarted at least `threshold` times: a crash loop that `up --wait`
 * would wait on forever (each restart resets the health check to "starting").
 * @param {string} inspectOutput lines of `<service> <restart count>` (docker inspect of the project's containers)
 * @param {number} threshold
 */
export function crashLooping(inspectOutput, threshold) {
  return inspectOutput
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([service, count]) => service && Number(count) >= threshold)
    .map(([service, count]) => ({ service, restarts: Number(count) }));
}

/** @param {number} ms */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The phase timings as printed at the end of every run, passed or not.
 * @param {{ name: string, ms: number, ok: boolean }[]} phases
 */
export function formatTimings(phases) {
  const width = Math.max(...phases.map((p) => p.name.length), 5);
  const total = phases.reduce((sum, p) => sum + p.ms, 0);
  return [
    ...phases.map((p) => `  ${p.ok ? '✓' : '✗'} ${p.name.padEnd(width)}  ${seconds(p.ms).padStart(8)}`),
    `    ${'total'.padEnd(width)}  ${seconds(total).padStart(8)}`,
  ].join('\n');
}
