import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

/** A site with one real device key; its client id is what the gateway sends for that key. */
async function siteWithDevice() {
  const site = await app.newSite({ emission_limit: '100' });
  const key = await app.keys.create({ site_id: site.id, label: null });
  return { site, device: `device:${key.id}` };
}

async function siteState(siteId: string) {
  const [row] = await app.sql<{ total: string; readings: string; batches: string; clients: string[] }>(
    `SELECT trim_scale(s.total_emissions)::text AS total, s.measurement_count::text AS readings, s.batch_count::text AS batches,
       (SELECT array_agg(b.client_id ORDER BY b.client_id) FROM ingestion_batches b WHERE b.site_id = s.id) AS clients
     FROM sites s WHERE s.id = ?`,
    [siteId],
  );
  return row;
}

describe('idempotency ledger scoped per client', () => {
  it('makes the same key and payload from two clients of one site two batches, the second all duplicates', async () => {
    const { site, device } = await siteWithDevice();
    const cmd = v1Command(site.id, [reading(1, '2.5'), reading(2, '5')], 'shared-key');
    const byOperator = await app.send(cmd);
    const byDevice = await app.send({ ...cmd, client_id: device });
    if (!byOperator.ok || !byDevice.ok) throw new Error('both clients should be answered 201');

    expect(byOperator.result).toMatchObject({ replayed: false, body: { readings_accepted: 2, total_emissions_to_date: '7.5' } });
    expect(byDevice.result).toMatchObject({
      replayed: false,
      body: { idempotency_key: 'shared-key', readings_accepted: 0, readings_duplicate: 2, total_emissions_to_date: '7.5' },
    });
    expect(byDevice.result.body.batch_id).not.toBe(byOperator.result.body.batch_id);
    expect(await siteState(site.id)).toEqual({ total: '7.5', readings: '2', batches: '2', clients: [device, 'operator'].sort() });
  });

  it('replays to each client its own stored response, never the other’s', async () => {
    const { site, device } = await siteWithDevice();
    const cmd = v1Command(site.id, [reading(1, '1')], 'k-own');
    const [operatorFirst, deviceFirst] = [await app.send(cmd), await app.send({ ...cmd, client_id: device })];
    const [operatorAgain, deviceAgain] = [await app.send(cmd), await app.send({ ...cmd, client_id: device })];
    if (!operatorFirst.ok || !deviceFirst.ok || !operatorAgain.ok || !deviceAgain.ok) throw new Error('all four should be answered 201');

    expect(operatorAgain.result.replayed && deviceAgain.result.replayed).toBe(true);
    expect(JSON.stringify(operatorAgain.result.body)).toBe(JSON.stringify(operatorFirst.result.body));
    expect(JSON.stringify(deviceAgain.result.body)).toBe(JSON.stringify(deviceFirst.result.body));
    expect(deviceAgain.result.body.batch_id).not.toBe(operatorFirst.result.body.batch_id);
    expect(await siteState(site.id)).toMatchObject({ total: '1', readings: '1', batches: '2' });
  });

  it('judges key reuse with another payload within one client only', async () => {
    const { site, device } = await siteWithDevice();
    await app.send(v1Command(site.id, [reading(1, '1')], 'k-reuse'));
    const deviceOther = await app.send(v1Command(site.id, [reading(2, '3')], 'k-reuse', device));
    const operatorOther = await app.send(v1Command(site.id, [reading(3, '4')], 'k-reuse'));
    expect(deviceOther.ok && deviceOther.result).toMatchObject({ replayed: false, body: { readings_accepted: 1 } });
    expect(!operatorOther.ok && operatorOther.failure.code).toBe('idempotency_key_reused');
    expect(await siteState(site.id)).toMatchObject({ total: '4', readings: '2', batches: '2' });
  });

  it('does not make a client wait for a key another client holds in flight', async () => {
    const { site, device } = await siteWithDevice();
    const holder = new Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO ingestion_batches (id, site_id, client_id, idempotency_key, key_derived, payload_fingerprint, api_version)
         VALUES (gen_random_uuid(), $1, 'operator', 'held-key', false, 'x', 1)`,
        [site.id],
      );
      const byDevice = await app.send(v1Command(site.id, [reading(1, 1)], 'held-key', device));
      const byOperator = await app.send(v1Command(site.id, [reading(1, 1)], 'held-key'));
      expect(byDevice.ok && byDevice.result.replayed).toBe(false);
      expect(!byOperator.ok && byOperator.failure.code).toBe('idempotency_request_in_progress');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });

  it('writes once per client when both send the same key at once, with an exact total', async () => {
    const { site, device } = await siteWithDevice();
    const cmd = v1Command(
      site.id,
      Array.from({ length: 20 }, (_, i) => reading(i, '0.5')),
      'burst-key',
    );
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => app.send(i % 2 ? cmd : { ...cmd, client_id: device })));
    expect(results.every((r) => r.ok || r.failure.code === 'idempotency_request_in_progress')).toBe(true);
    const created = results.filter((r) => r.ok && !r.result.replayed);
    expect(created).toHaveLength(2);
    const accepted = created.map((r) => (r.ok ? r.result.body.readings_accepted : -1)).sort();
    expect(accepted).toEqual([0, 20]);
    expect(await siteState(site.id)).toEqual({ total: '10', readings: '20', batches: '2', clients: [device, 'operator'].sort() });
  });
});
