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

describe('ingest under concurrency', () => {
  it('writes once when 20 requests with the same key arrive at once, and all get the same body', async () => {
    const site = await app.newSite();
    const cmd = v1Command(
      site.id,
      Array.from({ length: 50 }, (_, i) => reading(i, '1.5')),
      'same-key',
    );
    const results = await Promise.all(Array.from({ length: 20 }, () => app.send(cmd)));
    const ok = results.filter((r) => r.ok);
    // Those that waited longer than the lock timeout may answer "in progress"; none may write twice.
    expect(results.every((r) => r.ok || r.failure.code === 'idempotency_request_in_progress')).toBe(true);
    expect(ok.filter((r) => r.ok && !r.result.replayed)).toHaveLength(1);
    expect(new Set(ok.map((r) => r.ok && JSON.stringify(r.result.body))).size).toBe(1);
    const [row] = await app.sql<{ total: string; batches: string }>(
      `SELECT trim_scale(total_emissions)::text AS total, batch_count::text AS batches FROM sites WHERE id = ?`,
      [site.id],
    );
    expect(row).toEqual({ total: '75', batches: '1' });
  });

  it('gives the exact total when 10 sources each send 20 batches to one site at once', async () => {
    const site = await app.newSite({ emission_limit: '1000000' });
    const source = async (s: number) => {
      for (let b = 0; b < 20; b++) {
        const readings = Array.from({ length: 10 }, (_, i) => reading(b * 10 + i, '0.1', `source-${s}`));
        const sent = await app.send(v1Command(site.id, readings));
        expect(sent.ok).toBe(true);
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, s) => source(s)));
    const [row] = await app.sql<{ total: string; n: string }>(
      `SELECT trim_scale(total_emissions)::text AS total, measurement_count::text AS n FROM sites WHERE id = ?`,
      [site.id],
    );
    expect(row).toEqual({ total: '200', n: '2000' });
  });

  it('never double-counts overlapping batches racing from different keys', async () => {
    const site = await app.newSite();
    const overlapping = Array.from({ length: 30 }, (_, i) => reading(i, '2'));
    const forward = v1Command(site.id, overlapping, 'forward');
    const backward = v1Command(site.id, [...overlapping].reverse(), 'backward');
    const [a, b] = await Promise.all([app.send(forward), app.send(backward)]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.result.body.readings_accepted + b.result.body.readings_accepted).toBe(30);
    expect(a.result.body.readings_duplicate + b.result.body.readings_duplicate).toBe(30);
    const [row] = await app.sql<{ total: string }>(`SELECT trim_scale(total_emissions)::text AS total FROM sites WHERE id = ?`, [site.id]);
    expect(row.total).toBe('60');
  });

  it('answers in_progress while another transaction holds the key, and succeeds once it is released', async () => {
    const site = await app.newSite();
    const holder = new Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO ingestion_batches (id, site_id, client_id, idempotency_key, key_derived, payload_fingerprint, api_version)
         VALUES (gen_random_uuid(), $1, 'operator', 'held-key', false, 'x', 1)`,
        [site.id],
      );
      const blocked = await app.send(v1Command(site.id, [reading(1, 1)], 'held-key'));
      expect(!blocked.ok && blocked.failure).toMatchObject({ code: 'idempotency_request_in_progress', retry_after_s: 1 });
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    const after = await app.send(v1Command(site.id, [reading(1, 1)], 'held-key'));
    expect(after.ok && after.result.replayed).toBe(false);
  });
});
