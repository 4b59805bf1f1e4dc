import { addMasses } from '@emissions/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HourlyRollupPruner } from '../../src/sites/hourly-rollup.pruner';
import { GetSiteMetricsHandler } from '../../src/sites/queries/get-site-metrics.handler';
import { type IngestionTestApp, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

describe('the metrics windows from the hourly rollup (ADR-7)', () => {
  it('equal the readings of each window exactly, at the edges of every window, over batches and a partly duplicate one', async () => {
    const site = await app.newSite({ timezone: 'Asia/Kathmandu' }); // +05:45: the hours are UTC ones all the same
    const now = Date.now();
    // Inside and just outside each window's start (with a minute to spare for the time the test takes), and spread over the month.
    const offsets = [30 * DAY - 60_000, 30 * DAY + 60_000, 7 * DAY - 60_000, 7 * DAY + 60_000, DAY - 60_000, DAY + 60_000];
    for (let i = 0; i < 60; i++) offsets.push(Math.floor((((i * 7919) % 1000) / 1000) * 31 * DAY) + 1000 * i);
    offsets.push(40 * DAY, 400 * DAY); // older than any window: no hourly rows
    const readings = offsets.map((o, i) => ({
      timestamp: iso(now - o),
      value: `${i}.${String(i * 37).padStart(3, '0')}`,
      sensor_id: `s${i % 3}`,
    }));
    expect((await app.send(v1Command(site.id, readings.slice(0, 40)))).ok).toBe(true);
    expect((await app.send(v1Command(site.id, readings))).ok).toBe(true); // the first 40 are stored already
    const metrics = await app.moduleRef.get(GetSiteMetricsHandler).execute({ id: site.id });
    const [db] = await app.sql<{ now: string }>('SELECT now()::text AS now');
    const at = Date.parse(db.now);
    const within = (span: number) => addMasses(readings.filter((r) => Date.parse(r.timestamp) > at - span).map((r) => r.value));
    expect(metrics.windows).toEqual({ last_24h: within(DAY), last_7d: within(7 * DAY), last_30d: within(30 * DAY) });
    const [old] = await app.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM site_hourly_totals WHERE site_id = ? AND hour < now() - interval '32 days'`,
      [site.id],
    );
    expect(old.n).toBe(0);
  });

  it('drops the hours no window reads any more, keeping the rest', async () => {
    const site = await app.newSite();
    await app.sql(
      `INSERT INTO site_hourly_totals (site_id, hour, total, reading_count) VALUES
         (?, date_bin('1 hour', now() - interval '33 days', timestamptz '2000-01-01Z'), 1, 1),
         (?, date_bin('1 hour', now() - interval '31 days', timestamptz '2000-01-01Z'), 2, 1)`,
      [site.id, site.id],
    );
    expect(await app.moduleRef.get(HourlyRollupPruner).run()).toBeGreaterThanOrEqual(1);
    expect(await app.sql(`SELECT total::text FROM site_hourly_totals WHERE site_id = ?`, [site.id])).toEqual([{ total: '2.000000' }]);
    await app.sql(`DELETE FROM site_hourly_totals WHERE site_id = ?`, [site.id]);
  });
});
