// `npm run bench`: the ingest benchmark. Starts the whole stack on a fresh database (or uses BENCH_URL
// + BENCH_DATABASE_URL), drives C clients × S sites with 100-reading batches (10% retried with the same
// key), then measures the PostgreSQL bound with pgbench on the same tables and clients, and verifies
// that every site's total equals its stored readings. Clients authenticate with the stack's operator key
// and rate limiting stays on (limits far above the load), so both costs are measured. Options via env:
// BENCH_CLIENTS (16), BENCH_SITES (50; 1 = hot site), BENCH_SECONDS (20), BENCH_RETRY_RATE (0.1),
// BENCH_RATE_LIMITS (on; off measures without the limiter's Redis round trips, for comparison only),
// BENCH_READINGS (mass; rates sends v2 kg/h readings over 90 s, 2% of them at a super-emitter rate, so alerting
// derives emission events and raises super_emitter alerts under the load), BENCH_ANNUAL_LIMIT (off; on gives every
// site an annual limit far above the load, so each batch also writes its reporting-year totals into its event),
// BENCH_KEPT_EVENTS (0; that many events already in the outbox, published two hours ago: kept for the relay's
// retention, past its reconciler's look-back), BENCH_RECENT (off; on dates the readings from 29 days ago, as a live
// fleet's are, so the hourly rollup of the metrics' windows takes them; off dates them from 2026-06-01).
// It prints CPU milliseconds per committed batch for each process (bench/process-cpu.mjs says how each is
// measured), beside the throughput, and how busy the machine was. It fails when the totals are not exact,
// on a 5xx, or when a service's peak RSS went over the 250 MB budget (issue 12).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSites, driveIngest, post, quantile } from './bench/ingest-driver.mjs';
import { cpuPerBatch, formatCpu, sampleCpu } from './bench/process-cpu.mjs';
import { root, startStack, stopStack } from './stack/stack.mjs';

const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const siteCount = Number(process.env.BENCH_SITES ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const retryRate = Number(process.env.BENCH_RETRY_RATE ?? 0.1);
const rateLimits = process.env.BENCH_RATE_LIMITS === 'off' ? 'off' : 'on';
// device: each site gets a device key and sends with it, so every request also pays the key check (keys.verify).
const auth = process.env.BENCH_AUTH === 'device' ? 'device' : 'operator';
const RSS_BUDGET_MB = 250;
const readingKind = process.env.BENCH_READINGS === 'rates' ? 'rates' : 'mass';
const annualLimit = process.env.BENCH_ANNUAL_LIMIT === 'on' ? 'on' : 'off';
const keptEvents = Number(process.env.BENCH_KEPT_EVENTS ?? 0);
const recent = process.env.BENCH_RECENT === 'on';

const state = await startStack({ label: 'bench', extraEnv: { LOG_LEVEL: 'error', RATE_LIMIT_ENABLED: String(rateLimits === 'on') } });
const base = state.baseUrl;
const { default: pg } = await import('pg');
const db = new pg.Client({ connectionString: state.env.DATABASE_URL });
await db.connect();

try {
  const sites = await createSites(base, state.adminKey, siteCount, 'bench', annualLimit === 'on' ? { annual_limit: '1000000000000' } : {});
  if (keptEvents > 0) {
    await db.query(
      `INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload, published_at)
       SELECT gen_random_uuid(), 'site', gen_random_uuid(), 'batch.ingested', '{}'::jsonb, now() - interval '2 hours'
         FROM generate_series(1, $1::int)`,
      [keptEvents],
    );
    await db.query('ANALYZE outbox_events');
  }
  const deviceKeys = new Map();
  if (auth === 'device') {
    for (const id of sites) {
      const r = await post(base, state.adminKey, `/api/v1/sites/${id}/keys`, { label: 'bench' });
      if (r.status !== 201) throw new Error(`device key for ${id}: ${r.status}`);
      deviceKeys.set(id, r.body.key);
    }
  }
  const pipeline = await watchPipeline();
  const { Redis } = await import('ioredis');
  const redis = new Redis(state.env.REDIS_URL);
  const cpuProbe = {
    services: Object.fromEntries(Object.entries(state.services).map(([name, svc]) => [name, svc.pid])),
    db,
    database: state.database.name,
    redis,
  };
  const cpuBefore = await sampleCpu(cpuProbe);
  const ours = await driveIngest({
    baseUrl: base,
    adminKey: state.adminKey,
    keyFor: auth === 'device' ? (id) => deviceKeys.get(id) : undefined,
    siteIds: sites,
    clients,
    seconds,
    retryRate,
    onAccepted: pipeline.accepted,
    readingKind,
    ...(recent ? { startAt: Date.now() - 29 * 86_400_000 } : {}),
  });
  const alertLatency = await pipeline.settle();
  // After the pipeline settled, so the relay's and the alerting worker's share of these batches is in.
  const cpu = cpuPerBatch(cpuBefore, await sampleCpu(cpuProbe), ours.accepted);
  const stages = await pipelineStages(redis, state.env.QUEUE_NAME);
  redis.disconnect();
  const bound = pgBound();
  const exact = await verifyExact();
  const rss = peakRss();
  const ratio = bound.tps ? ours.batchesPerSecond / bound.tps : 0;
  console.log(
    `\nclients=${clients} sites=${siteCount} seconds=${seconds} retry_rate=${retryRate} auth=${auth}-bearer rate_limits=${rateLimits} readings=${readingKind} annual_limit=${annualLimit} kept_events=${keptEvents} recent=${recent ? 'on' : 'off'}`,
  );
  console.log(
    `requests=${ours.requests} accepted_batches=${ours.accepted} replays=${ours.replayed} 5xx=${ours.serverErrors} refused_401_403_429=${ours.refused} other_errors=${ours.otherErrors}`,
  );
  console.log(
    `readings/s=${ours.readingsPerSecond.toFixed(0)} batches/s=${ours.batchesPerSecond.toFixed(1)} p50=${ours.p50.toFixed(1)}ms p99=${ours.p99.toFixed(1)}ms`,
  );
  console.log(`postgres_bound_batches/s=${bound.tps.toFixed(1)} ratio_to_bound=${ratio.toFixed(2)}`);
  const overBudget = Object.entries(rss).filter(([, mb]) => typeof mb === 'number' && mb > RSS_BUDGET_MB);
  console.log(
    `peak_rss_mb ${Object.entries(rss)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')} (budget ${RSS_BUDGET_MB}: ${overBudget.length === 0 ? 'within' : `over: ${overBudget.map(([k]) => k).join(', ')}`})`,
  );
  console.log(
    `commit_to_alert_ms p50=${alertLatency.p50.toFixed(0)} p99=${alertLatency.p99.toFixed(0)} (${alertLatency.matched}/${ours.accepted} batches seen on the live stream)`,
  );
  console.log(
    `pipeline_stages_ms (p50/p99 of ${stages.jobs} jobs holding ${stages.events} events) commit_to_enqueue=${stages.enqueue} queue_wait=${stages.wait} processing=${stages.processing}`,
  );
  console.log(formatCpu(cpu));
  console.log(`exact=${exact}`);
  if (!exact || ours.serverErrors > 0 || ours.refused > 0 || overBudget.length > 0) process.exitCode = 1;
} finally {
  await db.end();
  await stopStack(state);
}

/**
 * Where commit-to-alert goes, from the BullMQ job hashes (kept after completion): commit → enqueued by the relay
 * (`timestamp`, per event), enqueued → taken by a worker (`processedOn`), taken → finished (`finishedOn`), per job.
 * A job is a relay sweep's events (`outbox.events`), or one event.
 */
async function pipelineStages(redis, queueName) {
  const ids = await redis.zrange(`bull:${queueName}:completed`, 0, -1);
  const multi = redis.multi();
  for (const id of ids) multi.hmget(`bull:${queueName}:${id}`, 'timestamp', 'processedOn', 'finishedOn', 'data');
  const enqueue = [];
  const wait = [];
  const processing = [];
  let events = 0;
  for (const [, fields] of (await multi.exec()) ?? []) {
    const [timestamp, processedOn, finishedOn, data] = fields;
    const parsed = JSON.parse(data ?? '{}');
    const committed = (Array.isArray(parsed.events) ? parsed.events : [parsed]).map((e) => Date.parse(e?.committed_at ?? ''));
    if (!committed.every(Number.isFinite)) continue;
    for (const committedAt of committed) enqueue.push(Number(timestamp) - committedAt);
    events += committed.length;
    wait.push(Number(processedOn) - Number(timestamp));
    processing.push(Number(finishedOn) - Number(processedOn));
  }
  const span = (list) => {
    list.sort((a, b) => a - b);
    return `${quantile(list, 0.5).toFixed(0)}/${quantile(list, 0.99).toFixed(0)}`;
  };
  return { jobs: wait.length, events, enqueue: span(enqueue), wait: span(wait), processing: span(processing) };
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

/**
 * Commit-to-alert latency: the alerting worker appends a site.updated entry to the Redis stream after it
 * committed its decision for a batch; the entry id is Redis's clock. Matched to the batch by site and total.
 */
async function watchPipeline() {
  const { Redis } = await import('ioredis');
  const reader = new Redis(state.env.REDIS_URL, { maxRetriesPerRequest: null });
  // The live entry can arrive before the client has read its 201: match in both orders.
  const expected = new Map();
  const seen = new Map();
  const latencies = [];
  let stop = false;
  let lastId = '$';
  const loop = (async () => {
    while (!stop) {
      const res = await reader.xread('COUNT', 1000, 'BLOCK', 500, 'STREAMS', state.env.SITE_UPDATES_STREAM, lastId);
      for (const [, entries] of res ?? []) {
        for (const [id, fields] of entries) {
          lastId = id;
          const data = JSON.parse(fields[fields.indexOf('data') + 1]);
          const key = `${data.site_id}|${data.total_emissions_to_date}`;
          const committedAt = expected.get(key);
          if (committedAt === undefined) seen.set(key, Number(id.split('-')[0]));
          else {
            latencies.push(Number(id.split('-')[0]) - committedAt);
            expected.delete(key);
          }
        }
      }
    }
  })();
  return {
    accepted: (body) => {
      const key = `${body.site_id}|${body.total_emissions_to_date}`;
      const at = seen.get(key);
      if (at === undefined) expected.set(key, Date.parse(body.accepted_at));
      else {
        latencies.push(at - Date.parse(body.accepted_at));
        seen.delete(key);
      }
    },
    async settle() {
      for (let i = 0; i < 60 && expected.size > 0; i++) await new Promise((r) => setTimeout(r, 500));
      stop = true;
      await loop;
      reader.disconnect();
      latencies.sort((a, b) => a - b);
      return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), matched: latencies.length };
    },
  };
}
