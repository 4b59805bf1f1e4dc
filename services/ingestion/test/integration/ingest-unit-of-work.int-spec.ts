import { MAX_READINGS_PER_BATCH } from '@emissions/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IngestionRpcController } from '../../src/ingestion/ingestion.rpc.controller';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const siteRows = async (siteId: string) => {
  const [row] = await app.sql<{ total: string; batches: string; readings: string; events: string }>(
    `SELECT trim_scale(s.total_emissions)::text AS total, s.batch_count::text AS batches,
       (SELECT count(*) FROM measurements WHERE site_id = s.id)::text AS readings,
       (SELECT count(*) FROM outbox_events WHERE aggregate_id = s.id)::text AS events
     FROM sites s WHERE s.id = ?`,
    [siteId],
  );
  return row;
};

describe('ingest unit of work', () => {
  it('stores sensor ids with quotes, backslashes, commas and braces verbatim, and dedupes them', async () => {
    const site = await app.newSite();
    const sensors = ['a"b', 'c\\d', 'e,f', '{g}', "h'i", 'NULL'];
    const readings = sensors.map((s) => reading(1, '1', s));
    const first = await app.send(v1Command(site.id, readings));
    const again = await app.send(v1Command(site.id, readings));
    expect(first.ok && first.result.body.readings_accepted).toBe(6);
    expect(again.ok && again.result.body).toMatchObject({ readings_accepted: 0, readings_duplicate: 6 });
    const stored = await app.sql<{ sensor_id: string }>('SELECT sensor_id FROM measurements WHERE site_id = ? ORDER BY sensor_id', [
      site.id,
    ]);
    expect(stored.map((r) => r.sensor_id)).toEqual([...sensors].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('adds a batch spanning months to each month of the rollup', async () => {
    const site = await app.newSite();
    await app.send(
      v1Command(site.id, [
        { timestamp: '2026-01-31T23:59:59.999999Z', value: '1.25' },
        { timestamp: '2026-02-01T00:00:00Z', value: '2' },
        { timestamp: '2026-02-14T12:00:00+02:00', value: '3' },
      ]),
    );
    const months = await app.sql<{ month: string; total: string; n: string }>(
      `SELECT to_char(month, 'YYYY-MM') AS month, trim_scale(total)::text AS total, reading_count::text AS n
       FROM site_monthly_totals WHERE site_id = ? ORDER BY month`,
      [site.id],
    );
    expect(months).toEqual([
      { month: '2026-01', total: '1.25', n: '1' },
      { month: '2026-02', total: '5', n: '2' },
    ]);
  });

  it('lets exactly one of two different payloads racing under one key write, and rolls the other back whole', async () => {
    const site = await app.newSite();
    const a = v1Command(site.id, [reading(1, '1'), reading(2, '2')], 'contested');
    const b = v1Command(site.id, [reading(3, '4'), reading(4, '8')], 'contested');
    const results = await Promise.all([app.send(a), app.send(b)]);
    const created = results.filter((r) => r.ok);
    expect(created).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser?.ok === false && loser.failure.code).toMatch(/^idempotency_(key_reused|request_in_progress)$/);
    const total = created[0].ok ? created[0].result.body.total_emissions_to_date : '';
    expect(await siteRows(site.id)).toEqual({ total, batches: '1', readings: '2', events: '1' });
  });

  it('checks the envelope of an ingest message and refuses a malformed one with validation_failed', async () => {
    const controller = app.moduleRef.get(IngestionRpcController);
    const site = await app.newSite();
    const good = v1Command(site.id, [reading(1, '1')]);
    for (const bad of [
      { ...good, site_id: 'nope' },
      { ...good, readings: [] },
      { ...good, readings: [{ value: 1 }] },
      { ...good, readings: [good.readings[0], null] },
      { ...good, readings: 'readings' },
      { ...good, readings: Array.from({ length: MAX_READINGS_PER_BATCH + 1 }, () => good.readings[0]) },
    ]) {
      const sent = await app.attempt(() => controller.ingest(bad));
      expect(!sent.ok && sent.failure.code).toBe('validation_failed');
    }
    expect(await siteRows(site.id)).toMatchObject({ batches: '0', readings: '0' });
  });
});
