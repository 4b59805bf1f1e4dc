// CPU time per process for the benchmarks: utime + stime from /proc/<pid>/stat before and after the load,
// divided by the batches the load committed. PostgreSQL: the backends connected to the benchmark's database
// (pg_stat_activity), sampled at the start and at the end (a backend seen only once counts from 0), also split by the
// client that opened them (application_name: ingestion, alerting, relay).
// Redis: the server's own counters (INFO cpu), i.e. the whole server, shared with anyone else using it.
// "machine" is every CPU of the host (/proc/stat): what the listed processes do not account for was other load.
// Beside CPU: each process's system share and its read/write system calls (/proc/<pid>/io), and the commands Redis
// ran, per batch. On this VM a loopback write costs more than most of the JavaScript around it, so round trips show here.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** [user ms, system ms] */
function processCpuSplitMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [(Number(fields[11]) * 1000) / TICKS_PER_SECOND, (Number(fields[12]) * 1000) / TICKS_PER_SECOND];
  } catch {
    return [0, 0];
  }
}

/** Read and write system calls so far (syscr + syscw). */
function processSyscalls(pid) {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const value = (name) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(io)?.[1] ?? 0);
    return value('syscr') + value('syscw');
  } catch {
    return 0;
  }
}

function machineCpuMs() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = line.reduce((a, b) => a + b, 0) - line[3] - line[4]; // minus idle and iowait
  return (busy * 1000) / TICKS_PER_SECOND;
}

/** The benchmark database's backends and whose they are (each service names its connections). */
async function backends(db, database) {
  const { rows } = await db.query('SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1', [database]);
  return rows.map((r) => ({ pid: r.pid, owner: r.application_name || 'other' }));
}

async function redisCpuMs(redis) {
  const info = await redis.info('cpu');
  const value = (name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (value('used_cpu_sys') + value('used_cpu_user')) * 1000;
}

async function redisCommands(redis) {
  const info = await redis.info('stats');
  return Number(/^total_commands_processed:(\d+)/m.exec(info)?.[1] ?? 0);
}

/** A sample of every process's CPU so far; `services` maps a name to a pid. */
export async function sampleCpu({ services, db, database, redis }) {
  const pg = new Map();
  for (const { pid, owner } of await backends(db, database)) pg.set(pid, { ms: processCpuMs(pid), owner, syscalls: processSyscalls(pid) });
  const own = process.cpuUsage();
  return {
    at: Date.now(),
    services: Object.fromEntries(Object.entries(services).map(([name, pid]) => [name, processCpuMs(pid)])),
    split: Object.fromEntries(Object.entries(services).map(([name, pid]) => [name, processCpuSplitMs(pid)])),
    syscalls: Object.fromEntries(Object.entries(services).map(([name, pid]) => [name, processSyscalls(pid)])),
    pg,
    redis: await redisCpuMs(redis),
    redisCommands: await redisCommands(redis),
    loadGenerator: (own.user + own.system) / 1000,
    machine: machineCpuMs(),
  };
}

/** CPU milliseconds per committed batch for each process between two samples, and the machine's load. */
export function cpuPerBatch(before, after, batches) {
  const perBatch = (ms) => (batches > 0 ? ms / batches : 0);
  const out = {};
  for (const [name, end] of Object.entries(after.services)) out[name] = perBatch((end ?? 0) - (before.services[name] ?? 0));
  let pgMs = 0;
  const pgByOwner = {};
  const syscalls = {};
  const systemShare = {};
  for (const [name, end] of Object.entries(after.syscalls)) syscalls[name] = perBatch(end - (before.syscalls[name] ?? 0));
  for (const [name, [user, sys]] of Object.entries(after.split)) {
    const [user0, sys0] = before.split[name] ?? [0, 0];
    const all = user - user0 + (sys - sys0);
    systemShare[name] = all > 0 ? (sys - sys0) / all : 0;
  }
  let pgSyscalls = 0;
  for (const [pid, end] of after.pg) {
    const ms = (end.ms ?? 0) - (before.pg.get(pid)?.ms ?? 0);
    pgSyscalls += end.syscalls - (before.pg.get(pid)?.syscalls ?? 0);
    pgMs += ms;
    // relay-reconciler and relay-listener count as the relay's.
    const owner = end.owner.split('-')[0];
    pgByOwner[owner] = (pgByOwner[owner] ?? 0) + ms;
  }
  out.postgres = perBatch(pgMs);
  out.redis = perBatch(after.redis - before.redis);
  syscalls.postgres = perBatch(pgSyscalls);
  const redisCommandsPerBatch = perBatch(after.redisCommands - before.redisCommands);
  const seconds = (after.at - before.at) / 1000;
  const listed = Object.values(out).reduce((a, b) => a + b, 0) * batches;
  const loadGeneratorMs = after.loadGenerator - before.loadGenerator;
  const machineMs = after.machine - before.machine;
  return {
    perBatch: out,
    syscallsPerBatch: syscalls,
    systemShare,
    redisCommandsPerBatch,
    postgresPerBatchByOwner: Object.fromEntries(Object.entries(pgByOwner).map(([owner, ms]) => [owner, perBatch(ms)])),
    totalPerBatch: Object.values(out).reduce((a, b) => a + b, 0),
    loadGeneratorPerBatch: perBatch(loadGeneratorMs),
    machineBusyPct: (machineMs / (seconds * 1000 * cpus().length)) * 100,
    otherLoadPct: (Math.max(0, machineMs - listed - loadGeneratorMs) / (seconds * 1000 * cpus().length)) * 100,
  };
}

export function formatCpu(cpu) {
  const parts = Object.entries(cpu.perBatch).map(([name, ms]) => `${name}=${ms.toFixed(2)}`);
  const pgParts = Object.entries(cpu.postgresPerBatchByOwner)
    .sort((a, b) => b[1] - a[1])
    .map(([owner, ms]) => `${owner}=${ms.toFixed(2)}`);
  return [
    `cpu_ms_per_batch ${parts.join(' ')} total=${cpu.totalPerBatch.toFixed(2)} (load_generator=${cpu.loadGeneratorPerBatch.toFixed(2)})`,
    `postgres_cpu_ms_per_batch_by_client ${pgParts.join(' ')}`,
    `syscalls_per_batch ${Object.entries(cpu.syscallsPerBatch)
      .map(([name, n]) => `${name}=${n.toFixed(1)}`)
      .join(' ')} redis_commands=${cpu.redisCommandsPerBatch.toFixed(1)}`,
    `system_cpu_share ${Object.entries(cpu.systemShare)
      .map(([name, share]) => `${name}=${(share * 100).toFixed(0)}%`)
      .join(' ')}`,
    `machine_busy=${cpu.machineBusyPct.toFixed(0)}% of ${cpus().length} cores, other_load=${cpu.otherLoadPct.toFixed(0)}% (not the engine, not the load generator)`,
  ].join('\n');
}
