import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

// The fault: a trigger that fails the outbox insert, i.e. after the readings, rollups and total were written.
const INSTALL_FAULT = `
  CREATE FUNCTION fail_outbox_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'injected failure after the readings insert'; END $$;
  CREATE TRIGGER fail_outbox_insert BEFORE INSERT ON outbox_events FOR EACH ROW EXECUTE FUNCTION fail_outbox_insert();`;
const REMOVE_FAULT = 'DROP TRIGGER IF EXISTS fail_outbox_insert ON outbox_events; DROP FUNCTION IF EXISTS fail_outbox_insert();';

describe('ingest atomicity', () => {
  it('leaves no batch, readings, total change or outbox row when the transaction fails after the readings insert', async () => {
    const site = await app.newSite();
    await app.send(v1Command(site.id, [reading(1, '2')]));
    await app.sql(INSTALL_FAULT);
    try {
      const failed = await app.send(v1Command(site.id, [reading(2, '3'), reading(3, '4')], 'doomed-key'));
      expect(!failed.ok && failed.failure.code).toBe('internal_error');
    } finally {
      await app.sql(REMOVE_FAULT);
    }

    const [row] = await app.sql<{ total: string; batches: string; readings: string; events: string; months: string }>(
      `SELECT trim_scale(s.total_emissions)::text AS total,
         (SELECT count(*) FROM ingestion_batches WHERE site_id = s.id)::text AS batches,
         (SELECT count(*) FROM measurements WHERE site_id = s.id)::text AS readings,
         (SELECT count(*) FROM outbox_events WHERE aggregate_id = s.id)::text AS events,
         (SELECT sum(reading_count) FROM site_monthly_totals WHERE site_id = s.id)::text AS months
       FROM sites s WHERE s.id = ?`,
      [site.id],
    );
    expect(row).toEqual({ total: '2', batches: '1', readings: '1', events: '1', months: '1' });

    const retried = await app.send(v1Command(site.id, [reading(2, '3'), reading(3, '4')], 'doomed-key'));
    expect(retried.ok && retried.result).toMatchObject({ replayed: false, body: { readings_accepted: 2, total_emissions_to_date: '9' } });
  });
});
