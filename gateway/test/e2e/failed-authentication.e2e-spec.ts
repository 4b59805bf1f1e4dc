import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { type CreatedDeviceKey, CreatedDeviceKeySchema, type Site } from '@emissions/contracts';
import { freePort } from '@emissions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useContractStack } from '../support/contract.stack';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { expectProblem, http, TEST_OPERATOR_KEY } from '../support/http';

/** A well-formed device key nobody ever made. */
const unknownDeviceKey = () => `emk_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`;
const BURST = 5;
const strictFailures = { RATE_LIMIT_AUTH_FAILURES_BURST: String(BURST), RATE_LIMIT_AUTH_FAILURES_PER_MIN: '1' };

/** Device keys the gateway has looked up in the ingestion service with this verdict (its own counter). */
async function lookups(gw: RunningGateway, outcome: 'valid' | 'invalid'): Promise<number> {
  const metrics = await http(gw.baseUrl, '/metrics');
  const match = new RegExp(`^auth_device_key_lookups_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(metrics.text);
  if (!match) throw new Error(`no auth_device_key_lookups_total{outcome="${outcome}"} in /metrics`);
  return Number(match[1]);
}

/** `count` requests with a different bad key each, all in flight at once; the statuses, sorted. */
async function concurrentBadKeys(gw: RunningGateway, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const results = await Promise.all(
    Array.from({ length: count }, () => http(gw.baseUrl, '/api/v1/sites', { auth: unknownDeviceKey(), headers })),
  );
  for (const res of results.filter((r) => r.status === 429)) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  return results.map((r) => r.status).sort();
}

// The failed-authentication limit of finding 3 (issue 11): reserved before the lookup, refunded on success, fail-closed.
describe('failed-authentication limit', () => {
  const stack = useContractStack();
  let site: Site;
  let device: CreatedDeviceKey;
  const newKey = async () => {
    const res = await http(stack.gateway().baseUrl, `/api/v1/sites/${site.id}/keys`, { json: {} });
    expect(res.status, res.text).toBe(201);
    return CreatedDeviceKeySchema.parse(res.body);
  };
  beforeAll(async () => {
    site = await stack.newSite();
    device = await newKey();
  });

  describe('with Redis', () => {
    let strict: RunningGateway;
    beforeAll(async () => {
      strict = await startGateway({ ...stack.service().gatewayEnv(), ...strictFailures });
    });
    afterAll(() => strict?.close());

    it('gives a valid key its reserved attempt back: more valid requests than the burst all pass', async () => {
      for (let i = 0; i < BURST * 2; i++) {
        expect((await http(strict.baseUrl, `/api/v1/sites/${site.id}`, { auth: device.key })).status).toBe(200);
      }
    });

    it('lets at most the burst of 100 concurrent bad keys reach the key lookup; the rest get 429 unlooked', async () => {
      const before = await lookups(strict, 'invalid');
      const statuses = await concurrentBadKeys(strict, 100);
      const unauthorized = statuses.filter((s) => s === 401).length;
      expect(unauthorized).toBeGreaterThanOrEqual(1);
      expect(unauthorized).toBeLessThanOrEqual(BURST);
      expect(statuses.filter((s) => s === 429).length).toBe(100 - unauthorized);
      expect((await lookups(strict, 'invalid')) - before).toBe(unauthorized);
    });

    it('still lets that address use the operator key, sign in, and use a device key that worked from it before', async () => {
      expectProblem(await http(strict.baseUrl, '/api/v1/sites', { auth: unknownDeviceKey() }), 'rate_limited');
      expect((await http(strict.baseUrl, '/api/v1/sites')).status).toBe(200);
      const signIn = await http(strict.baseUrl, '/api/v1/session', { json: { api_key: TEST_OPERATOR_KEY }, auth: false });
      expect(signIn.status, signIn.text).toBe(200);
      for (let i = 0; i < 3; i++) {
        const res = await http(strict.baseUrl, `/api/v1/sites/${site.id}`, { auth: device.key });
        expect(res.status, res.text).toBe(200);
      }
      const ingest = await http(strict.baseUrl, '/api/v1/ingest', {
        json: { site_id: site.id, readings: [{ timestamp: new Date(Date.now() - 3_600_000).toISOString(), value: '1', sensor_id: 's' }] },
        auth: device.key,
      });
      expect(ingest.status, ingest.text).toBe(201);
      // A key never seen from this address waits like a guess would: its lookup would need a failure token.
      expectProblem(await http(strict.baseUrl, `/api/v1/sites/${site.id}`, { auth: (await newKey()).key }), 'rate_limited');
    });

    it('gives concurrent wrong secrets for a known device prefix one unreserved lookup between them', async () => {
      const own = await startGateway({ ...stack.service().gatewayEnv(), ...strictFailures });
      try {
        const known = await newKey();
        expect((await http(own.baseUrl, `/api/v1/sites/${site.id}`, { auth: known.key })).status).toBe(200);
        const [, prefix] = known.key.split('_');
        const before = await lookups(own, 'invalid');
        const results = await Promise.all(
          Array.from({ length: 50 }, () =>
            http(own.baseUrl, '/api/v1/sites', { auth: `emk_${prefix}_${randomBytes(32).toString('base64url')}` }),
          ),
        );
        const looked = (await lookups(own, 'invalid')) - before;
        expect(looked).toBeGreaterThanOrEqual(1);
        expect(looked).toBeLessThanOrEqual(BURST + 1);
        expect(results.filter((r) => r.status === 401).length).toBe(looked);
      } finally {
        await own.close();
      }
    });

    it('buckets IPv6 clients by /64: rotating addresses inside one prefix does not buy more guesses', async () => {
      const proxied = await startGateway({ ...stack.service().gatewayEnv(), ...strictFailures, TRUST_PROXY: 'loopback' });
      try {
        const from = (address: string) =>
          http(proxied.baseUrl, '/api/v1/sites', { auth: unknownDeviceKey(), headers: { 'x-forwarded-for': address } });
        const statuses: number[] = [];
        for (let i = 1; i <= BURST + 2; i++) statuses.push((await from(`2001:db8:7:7::${i.toString(16)}`)).status);
        expect(statuses).toEqual([...Array(BURST).fill(401), 429, 429]);
        expect((await from('2001:db8:7:8::1')).status).toBe(401);
      } finally {
        await proxied.close();
      }
    });
  });

  describe('with Redis unreachable', () => {
    let isolated: RunningGateway;
    beforeAll(async () => {
      isolated = await startGateway({
        ...stack.service().gatewayEnv(),
        ...strictFailures,
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      });
    });
    afterAll(() => isolated?.close());

    it('falls back to an in-process limit: concurrent bad keys still reach the lookup at most the burst', async () => {
      const before = await lookups(isolated, 'invalid');
      const statuses = await concurrentBadKeys(isolated, 40);
      const unauthorized = statuses.filter((s) => s === 401).length;
      expect(unauthorized).toBeGreaterThanOrEqual(1);
      expect(unauthorized).toBeLessThanOrEqual(BURST);
      expect((await lookups(isolated, 'invalid')) - before).toBe(unauthorized);
      // Throughput limits stay fail-open and the operator key is judged locally: the gateway still serves.
      expect((await http(isolated.baseUrl, '/api/v1/sites')).status).toBe(200);
    });
  });
});
