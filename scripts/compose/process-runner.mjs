// @ts-check
// Child processes for the compose test: synchronous commands that throw with their output, a streaming command with
// a deadline, and polling until a condition holds.
import { spawn, spawnSync } from 'node:child_process';

/**
 * @typedef {{ env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs?: number, input?: string }} RunOptions
 * @typedef {{ ok: boolean, status: number | null, stdout: string, stderr: string }} RunResult
 */

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {RunResult}
 */
export function tryRun(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: r.status === 0, status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/**
 * Like tryRun, but a non-zero exit throws with the command and its last output lines.
 * @param {string} cmd
 * @param {string[]} args
 * @param {RunOptions} [options]
 */
export function run(cmd, args, options = {}) {
  const r = tryRun(cmd, args, options);
  if (!r.ok) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? 'on a signal or timeout'}:\n${tail}`);
  }
  return r;
}

/**
 * Runs a command with its output streamed to this process (prefixed), and kills it past the deadline.
 * @param {string} cmd
 * @param {string[]} args
 * @param {RunOptions & { timeoutMs: number, signal?: AbortSignal }} options
 * @returns {Promise<{ status: number | null, timedOut: boolean, output: string }>}
 */
export function runStreaming(cmd, args, options) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    const onData = (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.timeoutMs);
    const abort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', abort);
    child.on('close', (status) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      resolve({ status, timedOut, output });
    });
  });
}

/**
 * Polls until `check` returns true (or a truthy value, which is returned).
 * @template T
 * @param {() => T | Promise<T>} check
 * @param {{ timeoutMs: number, intervalMs?: number, what: string }} options
 * @returns {Promise<T>}
 */
export async function waitFor(check, options) {
  const deadline = Date.now() + options.timeoutMs;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${options.what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 1000));
  }
}
