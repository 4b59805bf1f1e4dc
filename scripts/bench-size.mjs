// `npm run bench:size`: how the engine answers with years of data present. Starts the stack on a fresh
// database, measures ingest throughput on empty tables, loads BENCH_ROWS synthetic readings (default
// 10 million) straight into PostgreSQL with generate_series (keeping summaries and rollups exact), then
// measures GET …/metrics latency and ingest throughput again. Then one site-year of BENCH_REPORT_ROWS
// readings (default 5 million): the time of its annual report and the rows/s of its CSV export. Then the
// fleet report over BENCH_FLEET_SITES sites (default 2,000) with readings on every day of 2025. Then the metrics of
// one busy site: BENCH_BUSY_SENSORS sensors (default 50) reading once a minute for the last 30 days.
// BENCH_PART=metrics, report, fleet or busy runs only that part.
import { readFileSync } from 'node:fs';
import { bearer, createSites, driveIngest, quantile } from './bench/ingest-driver.mjs';
import { startStack, stopStack } from './stack/stack.mjs';

const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const siteCount = Number(process.env.BENCH_SITES ?? 200);
const sensorsPerSite = 50;
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const metricsRequests = Number(process.env.BENCH_METRICS_REQUESTS ?? 2000);
const reportRows = Number(process.env.BENCH_REPORT_ROWS ?? 5_000_000);
const fleetSites = Number(process.env.BENCH_FLEET_SITES ?? 2000);
const busySensors = Number(process.env.BENCH_BUSY_SENSORS ?? 50);

const state = await startStack({ label: 'benchsize', extraEnv: { LOG_LEVEL: 'error' } });
const { default: pg } = await import('pg');
const db = new pg.Client({ connectionString: state.env.DATABASE_URL });
await db.connect();
try {
  // BENCH_PART=report: only the site-year report and the CSV export (the readings load takes minutes).
  const part = process.env.BENCH_PART;
  if (part === undefined || part === 'metrics') await measureSize();
  if (part === undefined || part === 'report') await measureReportAndExport();
  if (part === undefined || part === 'fleet') await measureFleetReport();
  if (part === undefined || part === 'busy') await measureBusySiteMetrics();
} finally {
  await db.end();
  await stopStack(state);
}

async function measureSize() {
  const loadSites = await createSites(state.baseUrl, state.adminKey, siteCount, 'size');
  const ingestSites = await createSites(state.baseUrl, state.adminKey, 50, 'size-ingest');
  const empty = await driveIngest({
    baseUrl: state.baseUrl,
    adminKey: state.adminKey,
    siteIds: ingestSites,
    clients,
    seconds,
    retryRate: 0.1,
  });
  console.log(`ingest on empty tables: ${empty.batchesPerSecond.toFixed(1)} batches/s (${empty.readingsPerSecond.toFixed(0)} readings/s)`);

  const t0 = Date.now();
  await load(loadSites);
  console.log(`loaded ${rows} readings in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  // Twice: the first pass meets new connections and cold caches, the second is the steady state.
  const firstPass = await measureMetrics(loadSites);
  const metrics = await measureMetrics(loadSites);
  // The floor under it: a read of the site row over the same HTTP → TCP → service path.
  const siteRead = await measureMetrics(loadSites, (id) => `/api/v1/sites/${id}`);
  const loaded = await driveIngest({
    baseUrl: state.baseUrl,
    adminKey: state.adminKey,
    siteIds: ingestSites,
    clients,
    seconds,
    retryRate: 0.1,
    startAt: Date.parse('2026-07-01T00:00:00Z'),
  });
  const { rows: size } = await db.query(
    `SELECT count(*)::bigint AS n, (SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'measurements'::regclass) AS on_disk FROM measurements`,
  );
  const change = ((loaded.batchesPerSecond - empty.batchesPerSecond) / empty.batchesPerSecond) * 100;
  console.log(`\nmeasurements=${size[0].n} (${size[0].on_disk} incl. indexes) sites=${siteCount + 50}`);
  console.log(
    `metrics p50=${metrics.p50.toFixed(2)}ms p99=${metrics.p99.toFixed(2)}ms over ${metricsRequests} requests (4 concurrent; first pass p50=${firstPass.p50.toFixed(2)}ms p99=${firstPass.p99.toFixed(2)}ms)`,
  );
  console.log(
    `site read (GET /sites/{id}, the same path without the metrics statement) p50=${siteRead.p50.toFixed(2)}ms p99=${siteRead.p99.toFixed(2)}ms`,
  );
  console.log(
    `ingest batches/s empty=${empty.batchesPerSecond.toFixed(1)} loaded=${loaded.batchesPerSecond.toFixed(1)} change=${change.toFixed(1)}%`,
  );
  console.log(
    `5xx=${empty.serverErrors + loaded.serverErrors + firstPass.errors + metrics.errors + siteRead.errors} refused_401_403_429=${empty.refused + loaded.refused} metrics_not_200=${firstPass.refused + metrics.refused + siteRead.refused}`,
  );
}

async function load(siteIds) {
  const perSite = Math.floor(rows / siteIds.length);
  const perSensor = Math.max(1, Math.floor(perSite / sensorsPerSite));
  // Three years up to an hour ago, so the 24h/7d/30d windows have data too.
  const spanSeconds = 3 * 365 * 86_400;
  const step = Math.max(1, Math.floor(spanSeconds / perSensor));
  for (const [i, siteId] of siteIds.entries()) {
    await db.query(
      `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
       SELECT $1::uuid, now() - interval '1 hour' - ((g / $2) * $3) * interval '1 second', 'load-' || (g % $2), ((g * 7919) % 100000) / 1000.0, gen_random_uuid()
       FROM generate_series(0, $4 - 1) g`,
      [siteId, sensorsPerSite, step, perSite],
    );
    if ((i + 1) % 20 === 0) console.log(`  loaded ${i + 1}/${siteIds.length} sites`);
  }
  await summarise(siteIds);
  await rollUp(siteIds);
  // A real database's older partitions were vacuumed long ago; without this, autovacuum's first pass over
  // the freshly loaded rows runs during the measurement.
  await db.query('VACUUM (ANALYZE)');
  await db.query('CHECKPOINT');
}

/** The sites' summaries from their loaded readings, as the ingest statement would have kept them. */
async function summarise(siteIds) {
  await db.query(
    `UPDATE sites s SET total_emissions = a.total, measurement_count = a.n, first_measured_at = a.first, last_measured_at = a.last
    FROM (SELECT site_id, sum(value) AS total, count(*) AS n, min(measured_at) AS first, max(measured_at) AS last
          FROM measurements WHERE site_id = ANY($1::uuid[]) GROUP BY site_id) a
    WHERE s.id = a.site_id`,
    [siteIds],
  );
}

/** The sites' monthly, hourly and per-sensor rollups from their loaded readings (the sites are in UTC), local days included. */
async function rollUp(siteIds) {
  await db.query(
    `INSERT INTO site_monthly_totals (site_id, month, total, reading_count, days)
    SELECT site_id, date_trunc('month', measured_at AT TIME ZONE 'UTC')::date, sum(value), count(*),
      bit_or(1 << (extract(day FROM measured_at AT TIME ZONE 'UTC')::int - 1))
    FROM measurements WHERE site_id = ANY($1::uuid[]) GROUP BY 1, 2`,
    [siteIds],
  );
  await db.query(
    `INSERT INTO site_hourly_totals (site_id, hour, total, reading_count)
    SELECT site_id, date_bin('1 hour', measured_at, timestamptz '2000-01-01T00:00:00Z'), sum(value), count(*)
    FROM measurements WHERE site_id = ANY($1::uuid[]) AND measured_at > now() - interval '31 days' GROUP BY 1, 2`,
    [siteIds],
  );
  await db.query(
    `INSERT INTO sensor_monthly_totals (site_id, month, sensor_id, total, reading_count, first_measured_at, last_measured_at)
    SELECT site_id, date_trunc('month', measured_at AT TIME ZONE 'UTC')::date, sensor_id, sum(value), count(*), min(measured_at), max(measured_at)
    FROM measurements WHERE site_id = ANY($1::uuid[]) GROUP BY 1, 2, 3`,
    [siteIds],
  );
}

/**
 * The fleet report over BENCH_FLEET_SITES sites (default 2,000), each with a reading every 6 hours of 2025
 * (readings on every day: the most days a report counts): its latency as JSON and as CSV, five of each.
 */
async function measureFleetReport() {
  const siteIds = await createSites(state.baseUrl, state.adminKey, fleetSites, 'size-fleet');
  await db.query(
    `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
     SELECT s, timestamptz '2025-01-01T00:00:00Z' + g * interval '6 hours', 'fleet', ((g * 7919) % 100000) / 1000.0, gen_random_uuid()
     FROM unnest($1::uuid[]) s CROSS JOIN generate_series(0, 4 * 365 - 1) g`,
    [siteIds],
  );
  await summarise(siteIds);
  await rollUp(siteIds);
  await db.query('VACUUM (ANALYZE)');
  for (const format of ['json', 'csv']) {
    const latencies = [];
    let rowsSeen = 0;
    let days = null;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const res = await fetch(`${state.baseUrl}/api/v1/report?year=2025&format=${format}`, { headers: bearer(state.adminKey) });
      if (res.status !== 200) throw new Error(`the fleet report answered ${res.status}`);
      const text = await res.text();
      latencies.push(performance.now() - t);
      if (format === 'json') {
        const ours = new Set(siteIds);
        const rows = JSON.parse(text).data.filter((r) => ours.has(r.site_id));
        rowsSeen = rows.length;
        days = [...new Set(rows.map((r) => r.days_with_data))].join(',');
      } else rowsSeen = text.split('\n').length - 2;
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `fleet report (${format}) of ${rowsSeen} sites${days === null ? '' : `, days_with_data ${days}`}: p50=${quantile(latencies, 0.5).toFixed(0)}ms max=${latencies.at(-1).toFixed(0)}ms over 5 requests`,
    );
  }
}

/**
 * `GET …/metrics` of one busy site: `busySensors` sensors, one reading a minute each over the last 30 days (2.16 million
 * readings with 50), so the 24 h / 7 d / 30 d windows hold that many readings.
 */
async function measureBusySiteMetrics() {
  const [siteId] = await createSites(state.baseUrl, state.adminKey, 1, 'size-busy');
  await db.query(
    `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
     SELECT $1::uuid, date_trunc('minute', now()) - g * interval '1 minute', 'busy-' || k, ((g * 7919 + k) % 100000) / 1000.0, gen_random_uuid()
     FROM generate_series(1, 30 * 1440 - 1) g CROSS JOIN generate_series(1, $2::int) k`,
    [siteId, busySensors],
  );
  await summarise([siteId]);
  await rollUp([siteId]);
  await db.query('VACUUM (ANALYZE)');
  const first = await measureMetrics([siteId], (id) => `/api/v1/sites/${id}/metrics`, 20);
  const steady = await measureMetrics([siteId], (id) => `/api/v1/sites/${id}/metrics`, 20);
  console.log(
    `metrics of one busy site (${busySensors} sensors, a reading a minute for 30 days = ${busySensors * (30 * 1440 - 1)} readings): p50=${steady.p50.toFixed(0)}ms p99=${steady.p99.toFixed(0)}ms over 20 requests (first pass p50=${first.p50.toFixed(0)}ms); 5xx=${first.errors + steady.errors} not_200=${first.refused + steady.refused}`,
  );
}

async function measureMetrics(siteIds, pathOf = (id) => `/api/v1/sites/${id}/metrics`, requests = metricsRequests) {
  const latencies = [];
  let errors = 0;
  let refused = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < requests) {
        const id = siteIds[next++ % siteIds.length];
        const t = performance.now();
        const res = await fetch(`${state.baseUrl}${pathOf(id)}`, { headers: bearer(state.adminKey) });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status >= 500) errors++;
        else if (res.status !== 200) refused++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors, refused };
}

/** One site with `reportRows` readings in 2025 (UTC): the 2025 report's latency and the CSV export's rows/s. */
async function measureReportAndExport() {
  const [siteId] = await createSites(state.baseUrl, state.adminKey, 1, 'size-report');
  const step = Math.max(1, Math.floor((365 * 86_400) / Math.ceil(reportRows / sensorsPerSite)));
  await db.query(
    `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
     SELECT $1::uuid, timestamptz '2025-01-01T00:00:00Z' + ((g / $2) * $3) * interval '1 second', 'load-' || (g % $2),
       ((g::bigint * 7919) % 100000) / 1000.0, gen_random_uuid()
     FROM generate_series(0, $4 - 1) g`,
    [siteId, sensorsPerSite, step, reportRows],
  );
  await summarise([siteId]);
  await rollUp([siteId]);
  await db.query('ANALYZE measurements');
  const t0 = performance.now();
  const report = await fetch(`${state.baseUrl}/api/v1/sites/${siteId}/report?year=2025`, { headers: bearer(state.adminKey) });
  const body = await report.json();
  const reportMs = performance.now() - t0;
  // PostgreSQL's side: the backends of the stack's database, the ingestion service's pool among them.
  const { rows: backends } = await db.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const watched = watchProcesses([
    ...['gateway', 'ingestion'].map((name) => ({ name, pids: [state.services[name].pid] })),
    { name: 'postgres', pids: backends.map((b) => b.pid) },
  ]);
  const client = process.cpuUsage();
  const t1 = performance.now();
  const exported = await fetch(
    `${state.baseUrl}/api/v1/sites/${siteId}/readings?format=csv&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    {
      headers: bearer(state.adminKey),
    },
  );
  let lines = 0;
  try {
    for await (const chunk of exported.body) for (const byte of chunk) if (byte === 10) lines++;
  } catch (err) {
    throw new Error(`the CSV export broke off after ${lines} lines and ${((performance.now() - t1) / 1000).toFixed(1)} s: ${err}`);
  }
  const exportS = (performance.now() - t1) / 1000;
  const usage = watched.stop();
  const clientCpu = process.cpuUsage(client);
  console.log(
    `report of one site-year (${body.readings} readings): ${reportMs.toFixed(0)} ms (status ${report.status}, ch4_kg ${body.ch4_kg})`,
  );
  console.log(`readings CSV export: ${lines - 1} rows in ${exportS.toFixed(1)} s = ${((lines - 1) / exportS).toFixed(0)} rows/s`);
  for (const [name, u] of Object.entries(usage)) {
    console.log(
      `  ${name}: cpu ${u.cpuMs.toFixed(0)} ms (${((u.cpuMs / (lines - 1)) * 1e6).toFixed(0)} ns/row), rss MiB first quarter max ${u.early.toFixed(0)}, last quarter max ${u.late.toFixed(0)}, peak ${u.peak.toFixed(0)}`,
    );
  }
  const clientMs = (clientCpu.user + clientCpu.system) / 1000;
  console.log(
    `  this client (reads and counts lines): cpu ${clientMs.toFixed(0)} ms (${((clientMs / (lines - 1)) * 1e6).toFixed(0)} ns/row)`,
  );
}

/**
 * CPU time and resident memory of the stack's services during a measurement (Linux /proc): memory is flat
 * when the last quarter's peak RSS is no higher than the first quarter's, whatever the row count.
 */
function watchProcesses(groups) {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const pageKiB = 4;
  const read = (pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the pid and name; rss (pages) is field 24.
      return { cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond, rssMiB: (Number(fields[21]) * pageKiB) / 1024 };
    } catch {
      return { cpuMs: 0, rssMiB: 0 }; // a backend that ended
    }
  };
  const readGroup = (pids) =>
    pids.map(read).reduce((a, b) => ({ cpuMs: a.cpuMs + b.cpuMs, rssMiB: a.rssMiB + b.rssMiB }), { cpuMs: 0, rssMiB: 0 });
  const watched = groups.map(({ name, pids }) => ({ name, pids, start: readGroup(pids), samples: [] }));
  const timer = setInterval(() => {
    for (const w of watched) w.samples.push(readGroup(w.pids).rssMiB);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      const usage = {};
      for (const w of watched) {
        const end = readGroup(w.pids);
        const quarter = Math.max(1, Math.floor(w.samples.length / 4));
        usage[w.name] = {
          cpuMs: end.cpuMs - w.start.cpuMs,
          early: Math.max(...w.samples.slice(0, quarter)),
          late: Math.max(...w.samples.slice(-quarter)),
          peak: Math.max(...w.samples),
        };
      }
      return usage;
    },
  };
}
