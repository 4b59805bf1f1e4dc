import { randomUUID } from 'node:crypto';
import { type SensorBreakdown, type SiteSensorsQuery, SiteSensorsQuerySchema } from '@emissions/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GetSiteSensorsHandler } from '../../src/sensors/queries/get-site-sensors.handler';
import { type IngestionTestApp, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
let sensors: GetSiteSensorsHandler;
beforeAll(async () => {
  app = await startIngestionTestApp();
  sensors = app.moduleRef.get(GetSiteSensorsHandler);
});
// Also checks every per-sensor rollup row against a GROUP BY over the readings (sensor, local month).
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const at = (iso: string, value: string, sensor_id: string) => ({ timestamp: iso, value, sensor_id });
const breakdown = (id: string, q: Partial<Omit<SiteSensorsQuery, 'id'>> = {}): Promise<SensorBreakdown> =>
  sensors.execute(SiteSensorsQuerySchema.parse({ id, from: null, to: null, limit: 100, ...q }));

/** The per-sensor figures computed from the raw readings: what the rollup must always equal. */
async function groupByReadings(siteId: string) {
  return app.sql<{ sensor_id: string; total_kg: string; readings: number }>(
    `SELECT sensor_id, trim_scale(sum(value))::text AS total_kg, count(*)::int AS readings
     FROM measurements WHERE site_id = ? GROUP BY sensor_id ORDER BY sum(value) DESC, sensor_id`,
    [siteId],
  );
}

describe('per-sensor breakdown', () => {
  it('lists sensors largest first with exact totals, counts, first and last readings and shares', async () => {
    const site = await app.newSite();
    const sent = await app.send(
      v1Command(site.id, [
        at('2026-03-01T00:00:00Z', '0.1', 'flare'),
        at('2026-03-02T00:00:00Z', '0.2', 'flare'),
        at('2026-03-01T12:00:00Z', '0.3', 'tank'),
        at('2026-03-03T00:00:00Z', '0.1', 'vent'),
        at('2026-03-04T00:00:00Z', '0.2', 'vent'),
      ]),
    );
    expect(sent.ok).toBe(true);
    const result = await breakdown(site.id);
    expect(result).toMatchObject({ site_id: site.id, timezone: 'UTC', from: null, to: null, start: null, end: null });
    expect(result).toMatchObject({ total_kg: '0.9', readings: 5, sensor_count: 3 });
    // Ties (0.3 each) are ordered by sensor id, so the order is stable.
    expect(result.data).toEqual([
      {
        sensor_id: 'flare',
        total_kg: '0.3',
        readings: 2,
        first_measured_at: '2026-03-01T00:00:00Z',
        last_measured_at: '2026-03-02T00:00:00Z',
        share_pct: 33.33,
      },
      {
        sensor_id: 'tank',
        total_kg: '0.3',
        readings: 1,
        first_measured_at: '2026-03-01T12:00:00Z',
        last_measured_at: '2026-03-01T12:00:00Z',
        share_pct: 33.33,
      },
      {
        sensor_id: 'vent',
        total_kg: '0.3',
        readings: 2,
        first_measured_at: '2026-03-03T00:00:00Z',
        last_measured_at: '2026-03-04T00:00:00Z',
        share_pct: 33.33,
      },
    ]);
    const limited = await breakdown(site.id, { limit: 1 });
    expect(limited.data.map((d) => d.sensor_id)).toEqual(['flare']);
    expect(limited).toMatchObject({ total_kg: '0.9', sensor_count: 3 });
  });

  it('never counts a duplicate, a conflicting value, a retry or a replay twice', async () => {
    const site = await app.newSite();
    const first = [at('2026-04-01T00:00:00Z', '5', 'a'), at('2026-04-01T00:01:00Z', '1.5', 'b')];
    expect((await app.send(v1Command(site.id, first, 'k1'))).ok).toBe(true);
    // Same key again (replay), and the same readings under another key, partly overlapping new ones, with a conflict.
    expect((await app.send(v1Command(site.id, first, 'k1'))).ok).toBe(true);
    const overlap = await app.send(
      v1Command(
        site.id,
        [...first, at('2026-04-01T00:00:00Z', '9', 'a'), at('2026-04-02T00:00:00Z', '2', 'b'), at('2026-04-02T00:00:00Z', '2', 'b')],
        'k2',
      ),
    );
    expect(overlap.ok && overlap.result.body).toMatchObject({ readings_accepted: 1, readings_duplicate: 3, readings_conflicting: 1 });
    // A v1 retry without a key (derived from the payload) after a first send without one.
    const blind = v1Command(site.id, [at('2026-04-03T00:00:00Z', '0.25', 'c')], null);
    expect((await app.send(blind)).ok).toBe(true);
    expect((await app.send(blind)).ok).toBe(true);

    const result = await breakdown(site.id);
    expect(result.data.map(({ sensor_id, total_kg, readings }) => ({ sensor_id, total_kg, readings }))).toEqual(
      await groupByReadings(site.id),
    );
    expect(result.data.map((d) => [d.sensor_id, d.total_kg, d.readings])).toEqual([
      ['a', '5', 1],
      ['b', '3.5', 2],
      ['c', '0.25', 1],
    ]);
  });

  it('stays exact when batches overlapping each other and sharing keys race on one site', async () => {
    const site = await app.newSite({ emission_limit: '1000000' });
    const readings = Array.from({ length: 40 }, (_, i) => at(new Date(Date.UTC(2026, 4, 1, 0, i)).toISOString(), '0.1', `s${i % 4}`));
    const sends = [
      ...Array.from({ length: 4 }, () => app.send(v1Command(site.id, readings, 'shared'))),
      ...Array.from({ length: 4 }, () => app.send(v1Command(site.id, [...readings].reverse(), randomUUID()))),
      ...Array.from({ length: 4 }, (_, k) => app.send(v1Command(site.id, readings.slice(k * 5, k * 5 + 20), randomUUID()))),
    ];
    const results = await Promise.all(sends);
    expect(results.every((r) => r.ok || r.failure.code === 'idempotency_request_in_progress')).toBe(true);
    const result = await breakdown(site.id);
    expect(result).toMatchObject({ total_kg: '4', readings: 40, sensor_count: 4 });
    expect(result.data.map((d) => [d.sensor_id, d.total_kg, d.readings, d.share_pct])).toEqual([
      ['s0', '1', 10, 25],
      ['s1', '1', 10, 25],
      ['s2', '1', 10, 25],
      ['s3', '1', 10, 25],
    ]);
  });

  it('files readings under the local month of the site zone, so a range of local months is exact across the boundary', async () => {
    const site = await app.newSite({ timezone: 'Asia/Tokyo' });
    // 2026-01-31T15:00Z is 2026-02-01 00:00 in Tokyo; 14:59:59Z is still January there.
    const sent = await app.send(
      v1Command(site.id, [
        at('2026-01-31T14:59:59Z', '1', 'north'),
        at('2026-01-31T15:00:00Z', '2', 'north'),
        at('2026-01-31T23:30:00Z', '4', 'south'),
        at('2026-02-28T15:00:00Z', '8', 'south'),
      ]),
    );
    expect(sent.ok).toBe(true);
    const rows = await app.sql<{ sensor_id: string; month: string; total: string }>(
      `SELECT sensor_id, to_char(month, 'YYYY-MM') AS month, trim_scale(total)::text AS total FROM sensor_monthly_totals
       WHERE site_id = ? ORDER BY month, sensor_id`,
      [site.id],
    );
    expect(rows).toEqual([
      { sensor_id: 'north', month: '2026-01', total: '1' },
      { sensor_id: 'north', month: '2026-02', total: '2' },
      { sensor_id: 'south', month: '2026-02', total: '4' },
      { sensor_id: 'south', month: '2026-03', total: '8' },
    ]);
    const february = await breakdown(site.id, { from: '2026-02', to: '2026-03' });
    expect(february).toMatchObject({ start: '2026-01-31T15:00:00Z', end: '2026-02-28T15:00:00Z', total_kg: '6', readings: 2 });
    expect(february.data.map((d) => [d.sensor_id, d.total_kg, d.share_pct])).toEqual([
      ['south', '4', 66.67],
      ['north', '2', 33.33],
    ]);
    const fromFebruary = await breakdown(site.id, { from: '2026-02' });
    expect(fromFebruary).toMatchObject({ total_kg: '14', end: null });
    const beforeFebruary = await breakdown(site.id, { to: '2026-02' });
    expect(beforeFebruary.data).toEqual([
      {
        sensor_id: 'north',
        total_kg: '1',
        readings: 1,
        first_measured_at: '2026-01-31T14:59:59Z',
        last_measured_at: '2026-01-31T14:59:59Z',
        share_pct: 100,
      },
    ]);
  });

  it('answers an empty breakdown for a site without readings, null shares for an all-zero range, and site_not_found for no site', async () => {
    const site = await app.newSite();
    expect(await breakdown(site.id)).toMatchObject({ total_kg: '0', readings: 0, sensor_count: 0, data: [] });
    expect((await app.send(v1Command(site.id, [at('2026-06-01T00:00:00Z', '0', 'idle')]))).ok).toBe(true);
    expect((await breakdown(site.id)).data).toMatchObject([{ sensor_id: 'idle', total_kg: '0', share_pct: null }]);
    const missing = await app.attempt(() => breakdown(randomUUID()));
    expect(missing.ok === false && missing.failure.code).toBe('site_not_found');
  });
});
