import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MeasurementPartitionMaintainer } from '../../src/partitions/measurement-partition.maintainer';
import { siteMetrics } from '../../src/sites/queries/get-site-metrics.handler';
import { type IngestionTestApp, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const monthName = (d: Date) => `measurements_m${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

describe('measurement partitions', () => {
  it('routes readings of an old year, the current month and the next minutes to their partitions', async () => {
    const site = await app.newSite();
    const now = new Date();
    const soon = new Date(now.getTime() + 4 * 60_000);
    await app.send(
      v1Command(site.id, [
        { timestamp: '2003-06-01T00:00:00Z', value: 1 },
        { timestamp: now.toISOString(), value: 2 },
        { timestamp: soon.toISOString(), value: 3, sensor_id: 'other' },
      ]),
    );
    const rows = await app.sql<{ part: string; value: string }>(
      'SELECT tableoid::regclass::text AS part, trim_scale(value)::text AS value FROM measurements WHERE site_id = ? ORDER BY value',
      [site.id],
    );
    expect(rows).toEqual([
      { part: 'measurements_y2003', value: '1' },
      { part: monthName(now), value: '2' },
      { part: monthName(soon), value: '3' },
    ]);
  });

  it('has the partitions of the coming months ready before any reading of them arrives', async () => {
    const site = await app.newSite();
    const ahead = new Date();
    ahead.setUTCMonth(ahead.getUTCMonth() + 2, 15);
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      // Written directly: the API refuses readings more than 5 minutes ahead, the schema must not care.
      await db.query(
        `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id) VALUES ($1, $2, 'x', 0, gen_random_uuid())`,
        [site.id, ahead.toISOString()],
      );
      const { rows } = await db.query('SELECT tableoid::regclass::text AS part FROM measurements WHERE site_id = $1', [site.id]);
      expect(rows).toEqual([{ part: monthName(ahead) }]);
    } finally {
      await db.query('DELETE FROM measurements WHERE site_id = $1', [site.id]);
      await db.end();
    }
  });

  it('keeps a natural key unique however the readings are spread over partitions', async () => {
    const site = await app.newSite();
    const first = await app.send(
      v1Command(site.id, [
        { timestamp: '2001-01-01T00:00:00Z', value: 1 },
        { timestamp: '2026-02-01T00:00:00Z', value: 1 },
      ]),
    );
    const again = await app.send(
      v1Command(site.id, [
        { timestamp: '2001-01-01T00:00:00+00:00', value: 1 },
        { timestamp: '2026-02-01T00:00:00Z', value: 2 },
      ]),
    );
    expect(first.ok && first.result.body.readings_accepted).toBe(2);
    expect(again.ok && again.result.body).toMatchObject({ readings_accepted: 0, readings_duplicate: 1, readings_conflicting: 1 });
  });

  it('creates a missing partition once when maintenance runs twice at the same time', async () => {
    const ahead = new Date();
    ahead.setUTCMonth(ahead.getUTCMonth() + 3, 1);
    await app.sql(`DROP TABLE IF EXISTS ${monthName(ahead)}`);
    const maintainer = app.moduleRef.get(MeasurementPartitionMaintainer);
    const created = await Promise.all([maintainer.run(), maintainer.run()]);
    expect(created.sort()).toEqual([0, 1]);
    const [row] = await app.sql<{ exists: boolean }>('SELECT to_regclass(?) IS NOT NULL AS exists', [monthName(ahead)]);
    expect(row.exists).toBe(true);
  });

  it('moves rows parked in the default partition into a partition created later', async () => {
    const site = await app.newSite();
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id) VALUES ($1, '2031-05-05T00:00:00Z', 'x', 0, gen_random_uuid())`,
        [site.id],
      );
      const before = await db.query(`SELECT tableoid::regclass::text AS part FROM measurements WHERE site_id = $1`, [site.id]);
      expect(before.rows).toEqual([{ part: 'measurements_default' }]);
      await db.query(`SELECT ensure_measurement_partition('2031-05-01', '2031-06-01', 'measurements_m2031_05')`);
      const after = await db.query(`SELECT tableoid::regclass::text AS part FROM measurements WHERE site_id = $1`, [site.id]);
      expect(after.rows).toEqual([{ part: 'measurements_m2031_05' }]);
    } finally {
      await db.query('DELETE FROM measurements WHERE site_id = $1', [site.id]);
      await db.end();
    }
  });

  it("reads readings for the metrics windows' partial first hours only, from their months' partitions (EXPLAIN)", async () => {
    const site = await app.newSite();
    const metrics = siteMetrics(site.id, undefined);
    const now = Date.now();
    const [plan] = await app.sql<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${metrics.text}`, [...metrics.params]);
    const scanned = new Set([...JSON.stringify(plan['QUERY PLAN']).matchAll(/"Relation Name":"(measurements[^"]*)"/g)].map((m) => m[1]));
    // Each window (24 h, 7 d, 30 d) reads (start, first whole hour): the months of its two ends.
    const expected = new Set<string>();
    for (const span of [86_400_000, 7 * 86_400_000, 30 * 86_400_000]) {
      const start = now - span;
      expected.add(monthName(new Date(start)));
      expected.add(monthName(new Date(Math.floor(start / 3_600_000) * 3_600_000 + 3_600_000 - 1)));
    }
    expect([...scanned].sort()).toEqual([...expected].sort());
  });
});
