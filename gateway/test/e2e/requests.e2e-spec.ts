import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ingestion.process';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { expectProblem, http } from '../support/http';

// Request handling decided by the gateway alone (the ingestion service is deliberately absent), and the 503 that absence gives.
const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
const reading = { timestamp: '2026-01-01T00:00:00Z', value: 1 };

let gw: RunningGateway;
const get = (path: string, headers: Record<string, string> = {}) => http(gw.baseUrl, path, { headers });
const post = (path: string, json: unknown, headers: Record<string, string> = {}) => http(gw.baseUrl, path, { json, headers });

beforeAll(async () => {
  gw = await startGateway({ INGESTION_PORT: String(await freePort()), HEALTH_TIMEOUT_MS: '500' });
});

afterAll(async () => {
  await gw?.close();
});

describe('request bodies', () => {
  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await http(gw.baseUrl, '/api/v1/ingest', { body: '{"site_id":', headers: { 'content-type': 'application/json' } });
    expectProblem(res, 'malformed_json', '/api/v1/ingest');
    const scalar = await http(gw.baseUrl, '/api/v1/sites', { body: '42', headers: { 'content-type': 'application/json' } });
    expectProblem(scalar, 'malformed_json');
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await http(gw.baseUrl, '/api/ingest', {
      body: 'site_id=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 'unsupported_media_type');
  });

  it('answers a body over 256 KiB with 413 payload_too_large', async () => {
    const res = await post('/api/v1/ingest', { site_id: SITE, readings: [reading], pad: 'x'.repeat(256 * 1024) });
    expectProblem(res, 'payload_too_large');
  });

  it('lists every invalid field of an ingest body, before calling the ingestion service', async () => {
    const res = await post('/api/v1/ingest', {
      site_id: SITE,
      readings: [reading, { timestamp: '2026-01-01T00:01:00Z', value: -1 }, { timestamp: 'later', value: '1000000000.5' }],
    });
    const body = expectProblem(res, 'validation_failed');
    expect(body.detail).toBe('readings[1].value: must be >= 0 (and 2 more)');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: 'readings[1].value', code: 'too_small', message: 'must be >= 0' },
        expect.objectContaining({ path: 'readings[2].timestamp', code: 'invalid_timestamp' }),
        expect.objectContaining({ path: 'readings[2].value', code: 'too_big' }),
      ]),
    );
  });

  it('rejects a malformed site id, a bad page size and an invalid site', async () => {
    expectProblem(await get('/api/v1/sites/not-a-uuid'), 'validation_failed');
    expectProblem(await get('/api/v1/sites?limit=501'), 'validation_failed');
    expectProblem(await get('/api/sites?limit=0'), 'validation_failed');
    const site = await post('/api/v1/sites', { name: '  ', emission_limit: '0' });
    expect((expectProblem(site, 'validation_failed').errors as unknown[]).length).toBe(2);
  });
});

describe('idempotency keys', () => {
  const v2Body = { site_id: SITE, readings: [{ sensor_id: 's1', measured_at: '2026-01-01T00:00:00Z', value: 1, unit: 'kg' }] };

  it('requires a key on v2', async () => {
    expectProblem(await post('/api/v2/ingest', v2Body), 'idempotency_key_invalid', '/api/v2/ingest');
  });

  it.each(['', 'a b', 'x'.repeat(256)])('rejects the malformed key %j on v1 and v2', async (key) => {
    expectProblem(
      await post('/api/v1/ingest', { site_id: SITE, readings: [reading] }, { 'idempotency-key': key }),
      'idempotency_key_invalid',
    );
    expectProblem(await post('/api/v2/ingest', v2Body, { 'idempotency-key': key }), 'idempotency_key_invalid');
  });
});

describe('with the ingestion service down', () => {
  it('answers 503 service_unavailable with Retry-After and no internal details', async () => {
    const res = await post('/api/v1/ingest', { site_id: SITE, readings: [reading] });
    expectProblem(res, 'service_unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|localhost|at \w+ \(/);
    expectProblem(await get(`/api/v1/sites/${SITE}`), 'service_unavailable');
  });

  it('is live but not ready', async () => {
    expect((await get('/health/live')).status).toBe(200);
    const ready = await get('/health/ready');
    expect(expectProblem(ready, 'service_unavailable').checks).toEqual({ ingestion: 'down', alerting: 'down', redis: 'up' });
  });

  it('reports Redis as down when it does not answer', async () => {
    const noRedis = await startGateway({
      INGESTION_PORT: String(await freePort()),
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      HEALTH_TIMEOUT_MS: '300',
    });
    try {
      const ready = await http(noRedis.baseUrl, '/health/ready');
      expect(expectProblem(ready, 'service_unavailable').checks).toEqual({ ingestion: 'down', alerting: 'down', redis: 'down' });
    } finally {
      await noRedis.close();
    }
  });
});

describe('metrics', () => {
  it('counts invalid ingest requests, times routes by template and leaves outbox_pending unset while unknown', async () => {
    await post('/api/v2/ingest', {}, { 'idempotency-key': 'k' });
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^ingest_requests_total\{outcome="invalid"\} [1-9]\d*$/m);
    expect(res.text).toMatch(/^ingest_requests_total\{outcome="error"\} [1-9]\d*$/m);
    expect(res.text).toMatch(/^ingest_readings_total\{outcome="accepted"\} 0$/m);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/v2\/ingest",status="400"\} \d+/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/ingest",status="413"\} 1/);
    expect(res.text).toContain('# TYPE outbox_pending gauge');
    expect(res.text).not.toMatch(/^outbox_pending /m);
  });
});
