import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hoursAgo, ingestBody, useContractStack } from '../support/contract.stack';
import { expectProblem } from '../support/http';

// v2 sits beside a frozen v1: one ingest command, one dedupe state, and every API response says which version served it.
describe('API versions (gateway + ingestion service)', () => {
  const { get, post, newSite } = useContractStack();

  describe('v1 and v2 share dedupe state', () => {
    it('replays a v1 batch when v2 sends the same key and readings in kg, or in grams', async () => {
      const site = await newSite();
      const key = randomUUID();
      const at = hoursAgo(2);
      const first = await post(
        '/api/v1/ingest',
        { site_id: site.id, readings: [{ timestamp: at, value: '5.5', sensor_id: 's' }] },
        { 'idempotency-key': key },
      );
      const created = ingestBody(first);
      const v2 = (value: string, unit: string) =>
        post(
          '/api/v2/ingest',
          { site_id: site.id, readings: [{ sensor_id: 's', measured_at: at, value, unit }] },
          { 'idempotency-key': key },
        );
      for (const replay of [await v2('5.5', 'kg'), await v2('5500', 'g')]) {
        expect(ingestBody(replay)).toEqual(created);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(replay.headers.get('api-version')).toBe('2');
      }
      expect((await get(`/api/v1/sites/${site.id}`)).body).toMatchObject({ total_emissions_to_date: '5.5' });
    });

    it('answers 422 when a v2 key is reused on v1 with other readings, and writes nothing', async () => {
      const site = await newSite();
      const key = randomUUID();
      const at = hoursAgo(1);
      ingestBody(
        await post(
          '/api/v2/ingest',
          { site_id: site.id, readings: [{ sensor_id: 'default', measured_at: at, value: 2, unit: 't' }] },
          { 'idempotency-key': key },
        ),
      );
      const reused = await post(
        '/api/v1/ingest',
        { site_id: site.id, readings: [{ timestamp: at, value: 3 }] },
        { 'idempotency-key': key },
      );
      expectProblem(reused, 'idempotency_key_reused', '/api/v1/ingest');
      expect(reused.headers.get('api-version')).toBe('1');
      expect((await get(`/api/v1/sites/${site.id}`)).body).toMatchObject({ total_emissions_to_date: '2000' });
    });

    it('counts a reading stored through v1 as a duplicate when v2 sends it under another key', async () => {
      const site = await newSite();
      const at = hoursAgo(3);
      ingestBody(await post('/api/ingest', { site_id: site.id, readings: [{ timestamp: at, value: '1.5' }] }));
      const again = ingestBody(
        await post(
          '/api/v2/ingest',
          { site_id: site.id, readings: [{ sensor_id: 'default', measured_at: at, value: '1500', unit: 'g' }] },
          { 'idempotency-key': randomUUID() },
        ),
      );
      expect(again).toMatchObject({ readings_accepted: 0, readings_duplicate: 1, total_emissions_to_date: '1.5' });
    });
  });

  describe('API-Version', () => {
    it('is 1 on unversioned and v1 paths, successes and problems alike', async () => {
      const site = await newSite();
      const responses = [
        await get('/api/sites'),
        await get(`/api/sites/${site.id}`),
        await get(`/api/v1/sites/${site.id}/metrics`),
        await post('/api/ingest', { site_id: site.id, readings: [{ timestamp: hoursAgo(1), value: 1 }] }),
        await post('/api/v1/ingest', { site_id: site.id, readings: [] }),
        await get('/api/v1/nope'),
      ];
      expect(responses.map((r) => [r.status, r.headers.get('api-version')])).toEqual([
        [200, '1'],
        [200, '1'],
        [200, '1'],
        [201, '1'],
        [400, '1'],
        [404, '1'],
      ]);
    });

    it('is 2 on v2 paths, successes and problems alike, and absent outside /api', async () => {
      const site = await newSite();
      const readings = [{ sensor_id: 'n', measured_at: hoursAgo(1), value: 1, unit: 'kg' }];
      const created = await post('/api/v2/ingest', { site_id: site.id, readings }, { 'idempotency-key': randomUUID() });
      const keyless = await post('/api/v2/ingest', { site_id: site.id, readings });
      expectProblem(keyless, 'idempotency_key_invalid');
      const unknown = await get('/api/v2/sites');
      expect([created, keyless, unknown].map((r) => [r.status, r.headers.get('api-version')])).toEqual([
        [201, '2'],
        [400, '2'],
        [404, '2'],
      ]);
      expect((await get('/health/live')).headers.get('api-version')).toBeNull();
    });
  });
});
