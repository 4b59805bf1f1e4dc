import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hoursAgo, ingestBody, useContractStack } from '../support/contract.stack';
import { problemOf } from '../support/http';

// Failure paths: a dropped response (demo fault) and an ingestion service restart behind a running gateway.
describe('resilience (gateway + ingestion service)', () => {
  const stack = useContractStack({ DEMO_FAULTS: 'true' });
  const { get, post, newSite } = stack;

  describe('resilience', () => {
    it('commits a batch whose response is dropped (demo fault), so the retry is a replay', async () => {
      const site = await newSite();
      const key = randomUUID();
      const body = { site_id: site.id, readings: [{ timestamp: hoursAgo(1), value: 4 }] };
      await expect(post('/api/v1/ingest', body, { 'idempotency-key': key, 'x-demo-drop-response': '1' })).rejects.toThrow();
      const retry = await post('/api/v1/ingest', body, { 'idempotency-key': key });
      expect(ingestBody(retry).total_emissions_to_date).toBe('4');
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    });

    it('answers 503 while the ingestion service is down and recovers without a gateway restart', async () => {
      const site = await newSite();
      await stack.service().stop();
      const down = await get(`/api/v1/sites/${site.id}`);
      expect(down.status).toBe(503);
      expect(problemOf(down).code).toBe('service_unavailable');
      expect(down.headers.get('retry-after')).toBeTruthy();
      await stack.service().start();
      const up = await get(`/api/v1/sites/${site.id}`);
      expect(up.status, up.text).toBe(200);
    });
  });
});
