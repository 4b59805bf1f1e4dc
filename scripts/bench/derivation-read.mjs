// What alerting's first statement for a batch of rate readings costs PostgreSQL on a site with a long history
// (`readingsAndEventsStatement`: store the readings, read the events and readings around their windows). On a
// fresh database (alerting migrated): one site with BENCH_MINUTES (43,200: a month) of one-minute readings from 5
// sensors and an emission event every 72 minutes per sensor, then the next batch (10 minutes of each sensor)
// planned and run 20 times in a rolled-back transaction, as a fresh connection plans it (custom) and as a kept
// prepared statement does (generic). `BENCH_JOINS=plain` runs the same statement with the windows joined to the
// history by plain joins instead of lateral probes, for comparison. Prints the median ms. Drops the database.
// Usage: node scripts/bench/derivation-read.mjs   (after `npm run build`)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(join(root, 'services/alerting/package.json'));
const { readingsAndEventsStatement } = require(join(root, 'services/alerting/dist/emission-events/emission-events.repository.js'));
const minutes = Number(process.env.BENCH_MINUTES ?? 43_200);
const plainJoins = process.env.BENCH_JOINS === 'plain';
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `bench_derivation_${randomBytes(3).toString('hex')}`;
const url = new URL(server);
url.pathname = `/${name}`;
const site = '11111111-1111-4111-8111-111111111111';

const { Client } = require('pg');
const admin = new Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
try {
  execFileSync('node', [join(root, 'services/alerting/dist/database/migrate.js'), 'up'], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: 'ignore',
  });
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  await db.query(
    `INSERT INTO alerting.rate_readings (site_id, sensor_id, measured_at, duration_s, rate_kg_h, mass_kg, threshold_kg_h, event_id)
     SELECT $1, 's' || s, timestamptz '2026-10-01T00:00:00Z' + m * interval '1 minute', 60, CASE WHEN m % 72 < 10 THEN 150 ELSE 5 END, 1, 100, 'bench'
       FROM generate_series(0, 4) s, generate_series(0, $2::int - 1) m`,
    [site, minutes],
  );
  await db.query(
    `INSERT INTO alerting.emission_events (site_id, id, sensor_id, started_at, ended_at, last_measured_at, peak_rate_kg_h, mass_kg, readings)
     SELECT $1, gen_random_uuid(), 's' || s, timestamptz '2026-10-01T00:00:00Z' + k * 72 * interval '1 minute',
            timestamptz '2026-10-01T00:10:00Z' + k * 72 * interval '1 minute', timestamptz '2026-10-01T00:09:00Z' + k * 72 * interval '1 minute',
            150, 25, 10
       FROM generate_series(0, 4) s, generate_series(0, $2::int / 72 - 1) k`,
    [site, minutes],
  );
  await db.query('VACUUM ANALYZE alerting.rate_readings');
  await db.query('VACUUM ANALYZE alerting.emission_events');

  const next = Date.parse('2026-10-01T00:00:00Z') + minutes * 60_000;
  const readings = Array.from({ length: 50 }, (_, i) => ({
    sensor_id: `s${i % 5}`,
    measured_at: new Date(next + Math.floor(i / 5) * 60_000).toISOString(),
    duration_s: 60,
    rate_kg_h: i % 5 === 0 ? '150' : '5',
    mass_kg: '1',
  }));
  const statement = readingsAndEventsStatement(site, 'bench-event', '100', readings);
  let text = statement.text;
  if (plainJoins) {
    text = text
      .replace(
        /CROSS JOIN LATERAL \(SELECT \* FROM alerting\.emission_events e WHERE e\.site_id = \?::uuid AND e\.sensor_id = w\.s\s+AND tstzrange\(e\.started_at, e\.ended_at, '\[\]'\) && tstzrange\(w\.lo - make_interval\(secs => \?\), w\.hi \+ make_interval\(secs => \?\), '\[\]'\)\s+OFFSET 0\) e/g,
        'JOIN alerting.emission_events e ON e.site_id = ?::uuid AND e.sensor_id = w.s AND e.started_at <= w.hi + make_interval(secs => ?) AND e.ended_at + make_interval(secs => ?) >= w.lo',
      )
      .replace(
        /CROSS JOIN LATERAL \(SELECT \* FROM alerting\.rate_readings r WHERE r\.site_id = \?::uuid AND r\.sensor_id = w\.s\s+AND r\.measured_at BETWEEN w\.lo AND w\.hi OFFSET 0\) r/g,
        'JOIN alerting.rate_readings r ON r.site_id = ?::uuid AND r.sensor_id = w.s AND r.measured_at BETWEEN w.lo AND w.hi',
      );
    if (text === statement.text) throw new Error('the statement no longer has the lateral probes this option replaces');
  }
  let n = 0;
  const numbered = text.replace(/\?/g, () => `$${++n}`);
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const results = {};
  for (const mode of ['custom', 'generic']) {
    const times = [];
    for (let i = 0; i < 20; i++) {
      await db.query('BEGIN');
      await db.query(`SET LOCAL plan_cache_mode = ${mode === 'custom' ? 'force_custom_plan' : 'force_generic_plan'}`);
      const startedAt = performance.now();
      await db.query({ name: `derivation_${mode}`, text: numbered, values: statement.params });
      times.push(performance.now() - startedAt);
      await db.query('ROLLBACK');
    }
    results[mode] = median(times).toFixed(2);
  }
  console.log(
    `history=${minutes} minutes × 5 sensors joins=${plainJoins ? 'plain' : 'lateral'} ms per statement (median of 20): custom=${results.custom} generic=${results.generic}`,
  );
  await db.end();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
