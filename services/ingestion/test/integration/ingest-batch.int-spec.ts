import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const countRows = async (table: string, siteId: string) =>
  Number(
    (
      await app.sql<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${table} WHERE ${table === 'outbox_events' ? 'aggregate_id' : 'site_id'} = ?`,
        [siteId],
      )
    )[0].n,
  );

describe('ingest batch', () => {
  it('stores the readings, adds exactly their sum and appends one outbox event', async () => {
    const site = await app.newSite({ emission_limit: '10' });
    const sent = await app.send(
      v1Command(
        site.id,
        Array.from({ length: 10 }, (_, i) => reading(i, '0.1')),
      ),
    );
    expect(sent.ok && sent.result.body).toMatchObject({
      readings_accepted: 10,
      total_emissions_to_date: '1',
      compliance_status: 'Within Limit',
    });
    expect(await countRows('outbox_events', site.id)).toBe(1);
    const [event] = await app.sql<{ payload: Record<string, unknown> }>('SELECT payload FROM outbox_events WHERE aggregate_id = ?', [
      site.id,
    ]);
    expect(event.payload).toMatchObject({
      type: 'batch.ingested',
      total_before: '0',
      total_after: '1',
      emission_limit: '10',
      accepted_sum: '1',
    });
  });

  it('replays the stored response when the same key is retried, writing nothing', async () => {
    const site = await app.newSite();
    const cmd = v1Command(site.id, [reading(1, '5.5'), reading(2, 3)], 'retry-key');
    const first = await app.send(cmd);
    const again = await app.send(cmd);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.result.replayed).toBe(true);
    expect(JSON.stringify(again.result.body)).toBe(JSON.stringify(first.result.body));
    expect(await countRows('ingestion_batches', site.id)).toBe(1);
    expect(await countRows('outbox_events', site.id)).toBe(1);
  });

  it('recognises a normalised-equal payload (order, "5.50", +00:00) as the same request', async () => {
    const site = await app.newSite();
    const first = await app.send(
      v1Command(
        site.id,
        [
          { timestamp: '2026-01-01T00:00:00Z', value: 5.5, sensor_id: 'a' },
          { timestamp: '2026-01-01T00:01:00Z', value: '2', sensor_id: 'b' },
        ],
        'k-normal',
      ),
    );
    const variant = await app.send(
      v1Command(
        site.id,
        [
          { timestamp: '2026-01-01T00:01:00.000+00:00', value: '2.000', sensor_id: 'b' },
          { timestamp: '2026-01-01T01:00:00+01:00', value: '5.50', sensor_id: 'a' },
        ],
        'k-normal',
      ),
    );
    expect(variant.ok && variant.result.replayed).toBe(true);
    expect(first.ok && variant.ok && variant.result.body.batch_id === first.result.body.batch_id).toBe(true);
  });

  it('derives the key from the payload when a v1 client sends none, so a blind retry is recognised', async () => {
    const site = await app.newSite();
    const first = await app.send(v1Command(site.id, [reading(1, 1)], null));
    const retry = await app.send(v1Command(site.id, [reading(1, '1.0')], null));
    expect(retry.ok && retry.result.replayed).toBe(true);
    expect(first.ok && first.result.body.idempotency_key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a changed payload under a used key with key_reused and writes nothing', async () => {
    const site = await app.newSite();
    await app.send(v1Command(site.id, [reading(1, 1)], 'k-reuse'));
    const changed = await app.send(v1Command(site.id, [reading(1, 2)], 'k-reuse'));
    expect(!changed.ok && changed.failure.code).toBe('idempotency_key_reused');
    expect(await countRows('measurements', site.id)).toBe(1);
    expect(await countRows('ingestion_batches', site.id)).toBe(1);
  });

  it('treats the same key on another site as a different batch', async () => {
    const [a, b] = [await app.newSite(), await app.newSite()];
    const onA = await app.send(v1Command(a.id, [reading(1, 1)], 'shared-key'));
    const onB = await app.send(v1Command(b.id, [reading(1, 1)], 'shared-key'));
    expect(onA.ok && !onA.result.replayed && onB.ok && !onB.result.replayed).toBe(true);
    expect(onB.ok && onB.result.body.total_emissions_to_date).toBe('1');
  });

  it('answers site_not_found for an unknown site and writes nothing', async () => {
    const missing = await app.send(v1Command('00000000-0000-0000-0000-000000000000', [reading(1, 1)]));
    expect(!missing.ok && missing.failure.code).toBe('site_not_found');
    const [{ n }] = await app.sql<{ n: string }>(
      `SELECT count(*)::text AS n FROM ingestion_batches WHERE site_id = '00000000-0000-0000-0000-000000000000'`,
    );
    expect(n).toBe('0');
  });

  it('skips stored readings: same value counts as duplicate, another value as a listed conflict', async () => {
    const site = await app.newSite();
    await app.send(v1Command(site.id, [reading(1, '5'), reading(2, '6')]));
    const second = await app.send(v1Command(site.id, [reading(1, '5.000'), reading(2, '7'), reading(3, '1')]));
    expect(second.ok && second.result.body).toMatchObject({
      readings_received: 3,
      readings_accepted: 1,
      readings_duplicate: 1,
      readings_conflicting: 1,
      total_emissions_to_date: '12',
      conflicts: [{ index: 1, sensor_id: 'sensor-1', measured_at: '2026-01-01T00:02:00Z', stored_value: '6', sent_value: '7' }],
    });
    const [stored] = await app.sql<{ value: string }>(
      `SELECT trim_scale(value)::text AS value FROM measurements WHERE site_id = ? AND measured_at = '2026-01-01T00:02:00Z'`,
      [site.id],
    );
    expect(stored.value).toBe('6');
  });

  it('keeps the first of two readings with one natural key inside a batch', async () => {
    const site = await app.newSite();
    const sent = await app.send(v1Command(site.id, [reading(1, '4'), reading(1, '4'), reading(1, '9'), reading(1, '4', 'other')]));
    expect(sent.ok && sent.result.body).toMatchObject({
      readings_accepted: 2,
      readings_duplicate: 1,
      readings_conflicting: 1,
      total_emissions_to_date: '8',
    });
    expect(sent.ok && sent.result.body.conflicts[0]).toMatchObject({ index: 2, stored_value: '4', sent_value: '9' });
  });

  it('accepts a reading of any month since 2000 and uses "default" for a v1 reading without sensor', async () => {
    const site = await app.newSite();
    const sent = await app.send(
      v1Command(site.id, [
        { timestamp: '2000-01-01T00:00:00Z', value: '1' },
        { timestamp: '2013-07-15T12:00:00-07:00', value: '2' },
      ]),
    );
    expect(sent.ok && sent.result.body.readings_accepted).toBe(2);
    const sensors = await app.sql<{ sensor_id: string }>('SELECT DISTINCT sensor_id FROM measurements WHERE site_id = ?', [site.id]);
    expect(sensors).toEqual([{ sensor_id: 'default' }]);
  });

  it('turns the status to Limit Exceeded exactly when the total passes the limit', async () => {
    const site = await app.newSite({ emission_limit: '10' });
    const atLimit = await app.send(v1Command(site.id, [reading(1, '10')]));
    expect(atLimit.ok && atLimit.result.body.compliance_status).toBe('Within Limit');
    const over = await app.send(v1Command(site.id, [reading(2, '0.000001')]));
    expect(over.ok && over.result.body).toMatchObject({ compliance_status: 'Limit Exceeded', total_emissions_to_date: '10.000001' });
  });
});
