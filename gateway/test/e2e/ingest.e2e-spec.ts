import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { addMasses, SiteMetricsSchema } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { hoursAgo, ingestBody, useContractStack } from '../support/contract.stack';
import { problemOf } from '../support/http';

// Ingestion, replays and metrics over HTTP against the real ingestion service; later tests read counters earlier ones produced.
describe('ingestion and metrics (gateway + ingestion service)', () => {
  const stack = useContractStack();
  const { get, post, newSite } = stack;

  describe('ingestion', () => {
    it('replays a v1 retry without a key: same body, Idempotent-Replayed', async () => {
      const site = await newSite();
      const body = { site_id: site.id, readings: [{ timestamp: hoursAgo(1), value: '5.5' }] };
      const first = await post('/api/v1/ingest', body);
      const created = ingestBody(first);
      expect(created).toMatchObject({ readings_received: 1, readings_accepted: 1, total_emissions_to_date: '5.5' });
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const again = await post('/api/ingest', body);
      expect(ingestBody(again)).toEqual(created);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });

    it('treats reordered readings, "5.50" for 5.5 and +00:00 for Z as the same payload', async () => {
      const site = await newSite();
      const key = randomUUID();
      const [t1, t2] = [hoursAgo(3), hoursAgo(2)];
      const first = ingestBody(
        await post(
          '/api/v1/ingest',
          {
            site_id: site.id,
            readings: [
              { timestamp: t1, value: 5.5 },
              { timestamp: t2, value: 1 },
            ],
          },
          { 'idempotency-key': key },
        ),
      );
      const variant = {
        site_id: site.id,
        readings: [
          { timestamp: t2.replace('Z', '+00:00'), value: '1' },
          { timestamp: t1, value: '5.50' },
        ],
      };
      const replay = await post('/api/v1/ingest', variant, { 'idempotency-key': key });
      expect(ingestBody(replay)).toEqual(first);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    });

    it('answers a changed payload under the same key with 422 and writes nothing', async () => {
      const site = await newSite();
      const key = randomUUID();
      ingestBody(
        await post('/api/v1/ingest', { site_id: site.id, readings: [{ timestamp: hoursAgo(1), value: 1 }] }, { 'idempotency-key': key }),
      );
      const reused = await post(
        '/api/v1/ingest',
        { site_id: site.id, readings: [{ timestamp: hoursAgo(1), value: 2 }] },
        { 'idempotency-key': key },
      );
      expect(reused.status).toBe(422);
      expect(problemOf(reused).code).toBe('idempotency_key_reused');
      expect((await get(`/api/v1/sites/${site.id}`)).body).toMatchObject({ total_emissions_to_date: '1' });
    });

    it('ingests v2 with unit conversion and scopes keys to a site', async () => {
      const [a, b] = [await newSite(), await newSite()];
      const key = randomUUID();
      const readings = [
        { sensor_id: 'north', measured_at: hoursAgo(5), value: '1.5', unit: 't' },
        { sensor_id: 'north', measured_at: hoursAgo(4), value: 1, unit: 'lb' },
      ];
      const res = await post('/api/v2/ingest', { site_id: a.id, readings }, { 'idempotency-key': key });
      expect(res.headers.get('api-version')).toBe('2');
      expect(ingestBody(res)).toMatchObject({
        idempotency_key: key,
        readings_accepted: 2,
        total_emissions_to_date: '1500.453592',
        compliance_status: 'Limit Exceeded',
      });
      const other = await post('/api/v2/ingest', { site_id: b.id, readings }, { 'idempotency-key': key });
      expect(ingestBody(other).site_id).toBe(b.id);
      expect(other.headers.get('idempotent-replayed')).toBeNull();
    });

    it('counts duplicate and conflicting readings and lists the conflicts', async () => {
      const site = await newSite();
      const [t1, t2, t3] = [hoursAgo(9), hoursAgo(8), hoursAgo(7)];
      ingestBody(
        await post('/api/v1/ingest', {
          site_id: site.id,
          readings: [
            { timestamp: t1, value: 1, sensor_id: 's' },
            { timestamp: t2, value: 2, sensor_id: 's' },
          ],
        }),
      );
      const second = ingestBody(
        await post('/api/v1/ingest', {
          site_id: site.id,
          readings: [
            { timestamp: t1, value: '1.0', sensor_id: 's' },
            { timestamp: t2, value: 9, sensor_id: 's' },
            { timestamp: t3, value: 3, sensor_id: 's' },
          ],
        }),
      );
      expect(second).toMatchObject({
        readings_received: 3,
        readings_accepted: 1,
        readings_duplicate: 1,
        readings_conflicting: 1,
        total_emissions_to_date: '6',
      });
      expect(second.conflicts).toEqual([{ index: 1, sensor_id: 's', measured_at: t2, stored_value: '2', sent_value: '9' }]);
    });

    it('does not store 404 or 400 outcomes: the key works once the request is fixed', async () => {
      const site = await newSite();
      const key = randomUUID();
      const readings = [{ timestamp: hoursAgo(1), value: 1 }];
      const missing = await post('/api/v1/ingest', { site_id: randomUUID(), readings }, { 'idempotency-key': key });
      expect(problemOf(missing).code).toBe('site_not_found');
      expect(
        problemOf(await post('/api/v1/ingest', { site_id: site.id, readings: [{ timestamp: 'x', value: 1 }] }, { 'idempotency-key': key }))
          .code,
      ).toBe('validation_failed');
      expect(ingestBody(await post('/api/v1/ingest', { site_id: site.id, readings }, { 'idempotency-key': key })).readings_accepted).toBe(
        1,
      );
    });

    it('rejects a reading above 10^9 kg with 400, never 500', async () => {
      const site = await newSite();
      const res = await post('/api/v1/ingest', { site_id: site.id, readings: [{ timestamp: hoursAgo(1), value: 1e10 }] });
      expect(res.status).toBe(400);
    });
  });

  describe('metrics', () => {
    it('reports figures that agree with each other and with the ingested readings', async () => {
      const site = await newSite({ emission_limit: '10' });
      const values = ['0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '2.25'];
      const readings = values.map((value, i) => ({ timestamp: hoursAgo(24 * 40 - i), value }));
      ingestBody(await post('/api/v1/ingest', { site_id: site.id, readings }));
      const res = await get(`/api/v1/sites/${site.id}/metrics`);
      expect(res.status, res.text).toBe(200);
      const m = SiteMetricsSchema.parse(res.body);
      expect(m.total_emissions_to_date).toBe(addMasses(values));
      expect(m).toMatchObject({
        total_emissions_to_date: '3.25',
        remaining: '6.75',
        utilization_pct: 32.5,
        compliance_status: 'Within Limit',
        measurement_count: 11,
        batch_count: 1,
      });
      expect(addMasses(m.monthly.map((x) => x.total))).toBe(m.total_emissions_to_date);
      expect(m.monthly.reduce((n, x) => n + x.count, 0)).toBe(11);
    });

    it('exports ingest counters consistent with the traffic, and outbox_pending', async () => {
      const text = (await get('/metrics')).text;
      expect(text).toMatch(/^ingest_requests_total\{outcome="accepted"\} [1-9]\d*$/m);
      expect(text).toMatch(/^ingest_requests_total\{outcome="replayed"\} [1-9]\d*$/m);
      expect(text).toMatch(/^ingest_requests_total\{outcome="key_reused"\} 1$/m);
      expect(text).toMatch(/^ingest_requests_total\{outcome="not_found"\} 1$/m);
      expect(text).toMatch(/^ingest_readings_total\{outcome="duplicate"\} 1$/m);
      expect(text).toMatch(/^ingest_readings_total\{outcome="conflicting"\} 1$/m);
      expect(text).toMatch(/^outbox_pending \d+$/m);
    });
  });
});
