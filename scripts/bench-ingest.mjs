// `npm run bench`: the ingest benchmark. Starts the whole stack on a fresh database (or uses BENCH_URL
// + BENCH_DATABASE_URL), drives C clients × S sites with 100-reading batches (10% retried with the same
// key), then measures the PostgreSQL bound with pgbench on the same tables and clients, and verifies
// that every site's total equals its stored readings. Options via env: BENCH_CLIENTS (16), BENCH_SITES
// (50; 1 = hot site), BENCH_SECONDS (20), BENCH_RETRY_RATE (0.1).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, startStack, stopStack } from './stack/stack.mjs';

const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const siteCount = Number(process.env.BENCH_SITES ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const retryRate = Number(process.env.BENCH_RETRY_RATE ?? 0.1);

const state = await startStack({ label: 'bench', extraEnv: { LOG_LEVEL: 'error' } });
const base = state.baseUrl;
const { default: pg } = await import('pg');
const db = new pg.Client({ connectionString: state.env.DATABASE_URL });
await db.connect();

try {
  const sites = [];
  for (let i = 0; i < siteCount; i++) {
    const r = await post('/api/v1/sites', { name: `bench-${i}-${Date.now()}`, emission_limit: '1000000000' });
    sites.push(r.body.id);
  }
  const ours = await drive(sites);
  const bound = pgBound();
  const exact = await verifyExact();
  const rss = peakRss();
  const ratio = bound.tps ? ours.batchesPerSecond / bound.tps : 0;
  console.log(`\nclients=${clients} sites=${siteCount} seconds=${seconds} retry_rate=${retryRate}`);
  console.log(
    `requests=${ours.requests} accepted_batches=${ours.accepted} replays=${ours.replayed} 5xx=${ours.serverErrors} other_errors=${ours.otherErrors}`,
  );
  console.log(
    `readings/s=${ours.readingsPerSecond.toFixed(0)} batches/s=${ours.batchesPerSecond.toFixed(1)} p50=${ours.p50.toFixed(1)}ms p99=${ours.p99.toFixed(1)}ms`,
  );
  console.log(`postgres_bound_batches/s=${bound.tps.toFixed(1)} ratio_to_bound=${ratio.toFixed(2)}`);
  console.log(
    `peak_rss_mb ${Object.entries(rss)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  console.log(`exact=${exact}`);
  if (!exact || ours.serverErrors > 0) process.exitCode = 1;
} finally {
  await db.end();
  await stopStack(state);
}

async function post(path, body, headers = {}) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', body: text ? JSON.parse(text) : null };
}

async function drive(siteIds) {
  const latencies = [];
  const totals = { requests: 0, accepted: 0, replayed: 0, serverErrors: 0, otherErrors: 0, readings: 0 };
  const deadline = Date.now() + seconds * 1000;
  const start = Date.now();
  let seq = 0;
  const send = async (siteId, readings, key) => {
    const t0 = performance.now();
    const r = await post('/api/v1/ingest', { site_id: siteId, readings }, { 'Idempotency-Key': key }).catch(() => ({ status: 0 }));
    latencies.push(performance.now() - t0);
    totals.requests++;
    if (r.status === 201 && r.replayed) totals.replayed++;
    else if (r.status === 201) {
      totals.accepted++;
      totals.readings += r.body.readings_accepted;
    } else if (r.status >= 500 || r.status === 0) totals.serverErrors++;
    else totals.otherErrors++;
    return r;
  };
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let b = 0; Date.now() < deadline; b++) {
        const siteId = siteIds[(c + b) % siteIds.length];
        const t = Date.parse('2026-06-01T00:00:00Z') + (seq++ % 1e6) * 1000;
        const readings = Array.from({ length: 100 }, (_, i) => ({
          timestamp: new Date(t).toISOString(),
          value: '1.5',
          sensor_id: `c${c}-s${i}`,
        }));
        const key = `bench-${c}-${b}`;
        await send(siteId, readings, key);
        if (Math.random() < retryRate) await send(siteId, readings, key);
      }
    }),
  );
  const elapsed = (Date.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    ...totals,
    readingsPerSecond: totals.readings / elapsed,
    batchesPerSecond: totals.accepted / elapsed,
    p50: q(0.5),
    p99: q(0.99),
  };
}

function pgBound() {
  const url = new URL(state.env.DATABASE_URL);
  spawnSync('psql', [
    state.env.DATABASE_URL,
    '-q',
    '-c',
    `INSERT INTO sites (id, name, emission_limit) SELECT ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'bound-' || n, 1000000000 FROM generate_series(1, ${siteCount}) n ON CONFLICT DO NOTHING`,
  ]);
  const run = spawnSync(
    'pgbench',
    [
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      url.username || 'postgres',
      '-n',
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(Math.min(seconds, 15)),
      '-D',
      `nsites=${siteCount}`,
      '-f',
      join(root, 'bench/ingest/postgres-bound.sql'),
      url.pathname.slice(1),
    ],
    { encoding: 'utf8' },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(run.stdout)?.[1] ?? 0);
  if (!tps) console.error(run.stdout + run.stderr);
  return { tps };
}

async function verifyExact() {
  const { rows } = await db.query(`SELECT count(*)::int AS broken FROM sites s
    WHERE s.total_emissions <> (SELECT coalesce(sum(value), 0) FROM measurements WHERE site_id = s.id)
       OR s.measurement_count <> (SELECT count(*) FROM measurements WHERE site_id = s.id)`);
  return rows[0].broken === 0;
}

function peakRss() {
  const out = {};
  for (const [name, svc] of Object.entries(state.services)) {
    try {
      const status = readFileSync(`/proc/${svc.pid}/status`, 'utf8');
      out[name] = Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      out[name] = 'n/a';
    }
  }
  return out;
}
