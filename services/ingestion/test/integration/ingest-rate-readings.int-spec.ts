import { randomUUID } from 'node:crypto';
import { BatchIngestedV1Schema, type IngestBatchCommand, IngestV2RequestSchema } from '@emissions/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type IngestionTestApp, startIngestionTestApp } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

/** Builds an ingest command the way the gateway does for a v2 body. */
function v2Command(siteId: string, readings: unknown[], key = randomUUID()): IngestBatchCommand {
  const parsed = IngestV2RequestSchema.parse({ site_id: siteId, readings });
  return { site_id: siteId, client_id: 'operator', idempotency_key: key, api_version: 2, request_id: null, readings: parsed.readings };
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString().replace('.000Z', 'Z');

type StoredRow = { sensor_id: string; value: string; rate_kg_h: string | null; duration_s: number | null };
const storedOf = (siteId: string) =>
  app.sql<StoredRow>(
    `SELECT sensor_id, trim_scale(value)::text AS value, trim_scale(rate_kg_h)::text AS rate_kg_h, duration_s
     FROM measurements WHERE site_id = ? ORDER BY measured_at, sensor_id`,
    [siteId],
  );
const eventsOf = async (siteId: string) =>
  (await app.sql<{ payload: unknown }>('SELECT payload FROM outbox_events WHERE aggregate_id = ? ORDER BY seq', [siteId])).map((e) =>
    BatchIngestedV1Schema.parse(e.payload),
  );

describe('rate readings', () => {
  it('stores each rate reading with its rate and interval beside its mass, in one batch with masses', async () => {
    const site = await app.newSite();
    const sent = await app.send(
      v2Command(site.id, [
        { sensor_id: 'stack', measured_at: at(0), value: 1, unit: 'kg/h', duration_s: 1 },
        { sensor_id: 'stack', measured_at: at(1), value: 1000, unit: 'scf/h', duration_s: 90 },
        { sensor_id: 'tank', measured_at: at(0), value: 2, unit: 'kg' },
      ]),
    );
    expect(sent.ok && sent.result.body).toMatchObject({ readings_accepted: 3, total_emissions_to_date: '2.480278' });
    expect(await storedOf(site.id)).toEqual([
      { sensor_id: 'stack', value: '0.000278', rate_kg_h: '1', duration_s: 1 },
      { sensor_id: 'tank', value: '2', rate_kg_h: null, duration_s: null },
      { sensor_id: 'stack', value: '0.48', rate_kg_h: '19.2', duration_s: 90 },
    ]);
  });

  it('carries the newly accepted rate readings and the super-emitter threshold in the outbox event', async () => {
    const site = await app.newSite();
    await app.send(v2Command(site.id, [{ sensor_id: 'stack', measured_at: at(0), value: 150, unit: 'kg/h', duration_s: 600 }]));
    // The second batch repeats the first reading (a duplicate) and adds a rate and a mass: only the new rate travels.
    await app.send(
      v2Command(site.id, [
        { sensor_id: 'stack', measured_at: at(0), value: 150, unit: 'kg/h', duration_s: 600 },
        { sensor_id: 'stack', measured_at: at(10), value: 120, unit: 'kg/h', duration_s: 600 },
        { sensor_id: 'tank', measured_at: at(10), value: 3, unit: 'kg' },
      ]),
    );
    const [first, second] = await eventsOf(site.id);
    expect(first).toMatchObject({
      super_emitter_kg_h: '100',
      rate_readings: [{ sensor_id: 'stack', measured_at: at(0), duration_s: 600, rate_kg_h: '150', mass_kg: '25' }],
    });
    expect(second).toMatchObject({
      readings_accepted: 2,
      super_emitter_kg_h: '100',
      rate_readings: [{ sensor_id: 'stack', measured_at: at(10), duration_s: 600, rate_kg_h: '120', mass_kg: '20' }],
    });
  });

  it('leaves rate_readings out of the event of a mass-only batch', async () => {
    const site = await app.newSite();
    await app.send(v2Command(site.id, [{ sensor_id: 'tank', measured_at: at(0), value: 3, unit: 'kg' }]));
    const [event] = await eventsOf(site.id);
    expect(event.rate_readings).toBeUndefined();
    expect(event.super_emitter_kg_h).toBe('100');
  });

  it('refuses the same key with the same mass sent as a rate (another payload) and writes nothing', async () => {
    const site = await app.newSite();
    const key = randomUUID();
    await app.send(v2Command(site.id, [{ sensor_id: 's', measured_at: at(0), value: 1, unit: 'kg' }], key));
    const again = await app.send(
      v2Command(site.id, [{ sensor_id: 's', measured_at: at(0), value: 60, unit: 'kg/h', duration_s: 60 }], key),
    );
    expect(again.ok ? 'ok' : again.failure.code).toBe('idempotency_key_reused');
    expect(await storedOf(site.id)).toEqual([{ sensor_id: 's', value: '1', rate_kg_h: null, duration_s: null }]);
  });

  it('refuses a rate reading without its interval at the database too (both or neither)', async () => {
    const site = await app.newSite();
    await expect(
      app.sql(`INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id, rate_kg_h) VALUES (?, now(), 's', 1, ?, 60)`, [
        site.id,
        randomUUID(),
      ]),
    ).rejects.toThrow(/measurements_rate_with_duration/);
  });
});
