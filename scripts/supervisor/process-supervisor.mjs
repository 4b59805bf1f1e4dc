// Runs a set of long-lived processes (the engine's services) and keeps them running: an unexpected exit is
// logged and restarted after a backoff (RestartPolicy); a crash loop stops everything with one line naming the
// service and its last error; stop() (Ctrl-C) shuts every process down gracefully. Used by `npm start` and by the
// stacks the fault suite starts, so both run the same supervision.
import { spawn } from 'node:child_process';
import { RestartPolicy } from './restart-policy.mjs';
import { SupervisorMetrics } from './supervisor-metrics.mjs';

/**
 * @typedef {{ name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv }} ServiceSpec
 * @typedef {{ pid: number | null, restarts: number, up: boolean }} ServiceStatus
 * @typedef {{
 *   config: ReturnType<typeof import('./supervisor-config.mjs').loadSupervisorConfig>,
 *   onLine: (service: string, line: string) => void,
 *   report: (line: string) => void,
 *   onStatus?: (status: Record<string, ServiceStatus>) => void,
 * }} SupervisorOptions
 */

export class ProcessSupervisor {
  /** @param {ServiceSpec[]} services @param {SupervisorOptions} options */
  constructor(services, options) {
    this.options = options;
    const c = options.config;
    this.policy = new RestartPolicy({
      backoffMinMs: c.SUPERVISOR_BACKOFF_MIN_MS,
      backoffMaxMs: c.SUPERVISOR_BACKOFF_MAX_MS,
      crashLoopExits: c.SUPERVISOR_CRASH_LOOP_EXITS,
      crashLoopWindowMs: c.SUPERVISOR_CRASH_LOOP_WINDOW_MS,
    });
    this.metrics = new SupervisorMetrics();
    /** @type {Map<string, { spec: ServiceSpec, child?: import('node:child_process').ChildProcess, timer?: NodeJS.Timeout, restarts: number, lastError: string }>} */
    this.services = new Map(services.map((spec) => [spec.name, { spec, restarts: 0, lastError: '' }]));
    this.stopping = false;
    /** Resolves with the exit code once every process is gone after stop(). */
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  async start() {
    await this.metrics.listen(this.options.config.SUPERVISOR_METRICS_HOST, this.options.config.SUPERVISOR_METRICS_PORT);
    for (const name of this.services.keys()) this.launch(name);
  }

  launch(name) {
    const svc = this.services.get(name);
    if (!svc || this.stopping) return;
    const { command, args, cwd, env } = svc.spec;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    svc.child = child;
    this.metrics.up.set({ service: name }, 1);
    followLines(child.stdout, (line) => {
      const error = errorOfLogLine(line);
      if (error) svc.lastError = error;
      this.options.onLine(name, line);
    });
    // A service's stderr carries what it prints when it cannot start (e.g. an invalid environment).
    // An indented line right after another continues it (a list of invalid variables), so keep them together.
    let lastStderrAt = 0;
    followLines(child.stderr, (line) => {
      const continues = /^\s/.test(line) && Date.now() - lastStderrAt < 200;
      svc.lastError = continues ? `${svc.lastError} ${line.trim()}` : line.trim();
      lastStderrAt = Date.now();
      this.options.onLine(name, line);
    });
    child.on('error', (err) => {
      svc.lastError = err.message;
    });
    child.on('exit', (code, signal) => this.exited(name, child, code, signal));
    this.publishStatus();
  }

  exited(name, child, code, signal) {
    const svc = this.services.get(name);
    if (!svc || svc.child !== child) return;
    svc.child = undefined;
    this.metrics.up.set({ service: name }, 0);
    this.publishStatus();
    if (this.stopping) return this.finishWhenAllGone();
    const how = signal ? `signal ${signal}` : `code ${code}`;
    const decision = this.policy.recordExit(name, Date.now());
    const windowS = Math.round(this.options.config.SUPERVISOR_CRASH_LOOP_WINDOW_MS / 1000);
    if (decision.action === 'give-up') {
      this.options.report(
        `✗ ${name} crashed ${decision.recentExits} times within ${windowS} s (last exit: ${how}; last error: ${svc.lastError || 'none logged'}); stopping everything.`,
      );
      void this.stop(1);
      return;
    }
    this.options.report(
      `↻ ${name} exited unexpectedly (${how}); restarting in ${decision.delayMs} ms (${decision.recentExits} exit(s) within ${windowS} s)`,
    );
    svc.timer = setTimeout(() => {
      svc.timer = undefined;
      svc.restarts++;
      this.metrics.restarts.inc({ service: name });
      this.launch(name);
    }, decision.delayMs);
  }

  /** Stops every process (SIGTERM, then SIGKILL after the shutdown timeout); resolves `done` with `code`. */
  stop(code = 0) {
    if (this.stopping) return this.done;
    this.stopping = true;
    this.exitCode = code;
    this.options.report('» shutting down (in-flight requests finish first)…');
    for (const svc of this.services.values()) {
      clearTimeout(svc.timer);
      svc.child?.kill('SIGTERM');
    }
    setTimeout(() => {
      for (const svc of this.services.values()) svc.child?.kill('SIGKILL');
    }, this.options.config.SUPERVISOR_SHUTDOWN_TIMEOUT_MS).unref();
    this.finishWhenAllGone();
    return this.done;
  }

  finishWhenAllGone() {
    if ([...this.services.values()].some((s) => s.child)) return;
    void this.metrics.close().then(() => this.finish(this.exitCode));
  }

  /** @returns {Record<string, ServiceStatus>} */
  status() {
    return Object.fromEntries(
      [...this.services].map(([name, s]) => [name, { pid: s.child?.pid ?? null, restarts: s.restarts, up: s.child !== undefined }]),
    );
  }

  publishStatus() {
    this.options.onStatus?.(this.status());
  }
}

/** Calls `onLine` for every complete line of `stream`. */
function followLines(stream, onLine) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) onLine(line);
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
  });
}

/** The message of a pino JSON line at level error or fatal (≥ 50), else undefined. */
function errorOfLogLine(line) {
  // Most lines are info: a cheap look first, so a busy service's log is not parsed line by line.
  if (!line.startsWith('{') || !/"level":(5|6)\d/.test(line)) return undefined;
  try {
    const entry = JSON.parse(line);
    if (typeof entry.level !== 'number' || entry.level < 50) return undefined;
    return [entry.msg, entry.err?.message].filter(Boolean).join(': ') || undefined;
  } catch {
    return undefined;
  }
}
