import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SiteMetricsSchema, SiteSchema } from '@emissions/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/rate-limits/rate-limiter.service';
import { hoursAgo } from '../support/contract.stack';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { bearer, expectProblem, type HttpResult, http } from '../support/http';
import { IngestionServiceProcess } from '../support/ingestion.process';

// What an unauthenticated client can make the gateway do: body size after inflation, corrupt compression,
// a limit per address on every path ahead of the body, and a readiness fan-out shared by a flood.
let services: IngestionServiceProcess;
let gw: RunningGateway;

beforeAll(async () => {
  services = await IngestionServiceProcess.create({}, { metrics: true });
  await services.startAll();
  gw = await startGateway(services.gatewayEnv());
});

afterAll(async () => {
  await gw?.close();
  await services?.dispose();
});

/** A raw request (fetch would not send a hand-made Content-Encoding body as is). */
async function send(baseUrl: string, path: string, body: Buffer, headers: Record<string, string>): Promise<HttpResult> {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** The value of `rpc_health_checks_total{check}` on a service's own /metrics. */
async function healthChecks(service: 'ingestion' | 'alerting', check: string): Promise<number> {
  const text = await (await fetch(services.metricsUrl(service))).text();
  const line = new RegExp(`^rpc_health_checks_total\\{check="${check}"\\} (\\d+)$`, 'm').exec(text);
  if (!line) throw new Error(`no rpc_health_checks_total{check="${check}"} on the ${service} service`);
  return Number(line[1]);
}

const CORRUPT_GZIP = Buffer.concat([gzipSync('{"site_id":"x"}').subarray(0, 12), Buffer.from('definitely not deflate data')]);

describe('request bodies are capped at 256 KiB after decompression', () => {
  it('answers a 1 KB gzip body that inflates past 256 KiB with 413 and writes nothing; the key stays usable', async () => {
    const created = await http(gw.baseUrl, '/api/v1/sites', { json: { name: `Bomb ${randomUUID()}`, emission_limit: '1000' } });
    const site = SiteSchema.parse(created.body);
    const key = randomUUID();
    const readings = [{ timestamp: hoursAgo(1), value: '5' }];
    const bomb = gzipSync(JSON.stringify({ site_id: site.id, readings, pad: 'x'.repeat(300 * 1024) }), { level: 9 });
    expect(bomb.length).toBeLessThan(1024);
    const res = await send(gw.baseUrl, '/api/v1/ingest', bomb, { ...bearer(), 'content-encoding': 'gzip', 'idempotency-key': key });
    expect(expectProblem(res, 'payload_too_large', '/api/v1/ingest').detail).toMatch(/256 KiB/);
    const metrics = SiteMetricsSchema.parse((await http(gw.baseUrl, `/api/v1/sites/${site.id}/metrics`)).body);
    expect(metrics).toMatchObject({ total_emissions_to_date: '0', measurement_count: 0, batch_count: 0 });
    const retry = await http(gw.baseUrl, '/api/v1/ingest', { json: { site_id: site.id, readings }, headers: { 'idempotency-key': key } });
    expect(retry.status, retry.text).toBe(201);
  });

  it('still accepts a body just under the cap', async () => {
    const body = Buffer.from(JSON.stringify({ name: `Big ${randomUUID()}`, emission_limit: 'x'.repeat(200 * 1024) }));
    expectProblem(await send(gw.baseUrl, '/api/v1/sites', body, bearer()), 'validation_failed');
  });
});

describe('a corrupt compressed body', () => {
  it.each(['gzip', 'deflate', 'br'])('is 400 malformed_json before authentication (%s)', async (encoding) => {
    const res = await send(gw.baseUrl, '/api/v1/ingest', CORRUPT_GZIP, { 'content-encoding': encoding });
    expectProblem(res, 'malformed_json', '/api/v1/ingest');
  });

  it('is never read on a path without a body: an unknown path is a 404, not a parse error', async () => {
    expectProblem(await send(gw.baseUrl, '/api/v1/nope', CORRUPT_GZIP, { 'content-encoding': 'gzip' }), 'route_not_found');
    const bomb = gzipSync(JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
    expectProblem(await send(gw.baseUrl, '/no/such/page', bomb, { 'content-encoding': 'gzip' }), 'route_not_found');
  });
});

describe('the per-address limit ahead of everything', () => {
  it('refuses an address with 429 after its burst, on unknown paths, /health/ready and /metrics alike', async () => {
    const strict = await startGateway({ ...services.gatewayEnv(), RATE_LIMIT_EDGE_BURST: '5', RATE_LIMIT_EDGE_PER_MIN: '1' });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 8; i++) answers.push((await http(strict.baseUrl, '/api/v1/nope', { auth: false })).status);
      expect(answers).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
      for (const path of ['/health/ready', '/metrics', '/health/live', '/api/v1/sites']) {
        const res = await http(strict.baseUrl, path);
        expectProblem(res, 'rate_limited');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    } finally {
      await strict.close();
    }
  });

  it('is counted in the gateway process: it holds with Redis unreachable, where the shared limits fail open', async () => {
    const strict = await startGateway({
      ...services.gatewayEnv(),
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_EDGE_BURST: '3',
      RATE_LIMIT_EDGE_PER_MIN: '1',
    });
    try {
      expect(strict.app.get(RateLimiter).connected).toBe(false);
      const answers: number[] = [];
      for (let i = 0; i < 5; i++) answers.push((await http(strict.baseUrl, '/api/v1/nope', { auth: false })).status);
      expect(answers).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await strict.close();
    }
  });
});

describe('readiness and the outbox gauge under a flood', () => {
  it('makes at most one fan-out per interval for 50 concurrent /health/ready', async () => {
    const cached = await startGateway({ ...services.gatewayEnv(), HEALTH_CACHE_MS: '60000' });
    try {
      const before = { ingestion: await healthChecks('ingestion', 'ping'), alerting: await healthChecks('alerting', 'ping') };
      const answers = await Promise.all(Array.from({ length: 50 }, () => http(cached.baseUrl, '/health/ready', { auth: false })));
      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(await healthChecks('ingestion', 'ping')).toBe(before.ingestion + 1);
      expect(await healthChecks('alerting', 'ping')).toBe(before.alerting + 1);
    } finally {
      await cached.close();
    }
  });

  it('reads the outbox backlog once for concurrent /metrics scrapes', async () => {
    const cached = await startGateway({ ...services.gatewayEnv(), HEALTH_CACHE_MS: '60000' });
    try {
      const before = await healthChecks('ingestion', 'outbox_stats');
      const scrapes = await Promise.all(Array.from({ length: 20 }, () => http(cached.baseUrl, '/metrics')));
      for (const scrape of scrapes) expect(scrape.text).toMatch(/^outbox_pending \d+$/m);
      expect(await healthChecks('ingestion', 'outbox_stats')).toBe(before + 1);
    } finally {
      await cached.close();
    }
  });
});
