import 'reflect-metadata';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/rate-limits/rate-limiter.service';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { expectProblem, http } from '../support/http';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BURST = 3;

/** The tests read the buckets in Redis: wait until the gateway's limiter talks to it (until then it counts in process only). */
const limiterConnected = (gw: RunningGateway) => vi.waitFor(() => expect(gw.app.get(RateLimiter).connected).toBe(true), { timeout: 5000 });

// TRUST_PROXY of finding 4 (issue 11): the proxy appends the address it saw to X-Forwarded-For; only trusted hops
// are read from the right, so whatever a client writes on the left never picks its rate-limit bucket.
describe.each([
  ['a hop count', '1'],
  ['a list of proxy addresses and CIDRs', '127.0.0.1/32,10.1.0.0/16'],
])('TRUST_PROXY as %s', (_label, trustProxy) => {
  let gw: RunningGateway;
  let redis: Redis;
  beforeAll(async () => {
    gw = await startGateway({
      TRUST_PROXY: trustProxy,
      RATE_LIMIT_AUTH_FAILURES_BURST: String(BURST),
      RATE_LIMIT_AUTH_FAILURES_PER_MIN: '1',
    });
    redis = new Redis(redisUrl);
    await limiterConnected(gw);
  });
  afterAll(async () => {
    redis?.disconnect();
    await gw?.close();
  });

  /** A wrong key (not device-shaped, so no lookup) sent through the "proxy" with this X-Forwarded-For. */
  const guess = (forwardedFor: string) =>
    http(gw.baseUrl, '/api/v1/sites', { auth: 'wrong-key-0123456789-0123456789', headers: { 'x-forwarded-for': forwardedFor } });
  const charged = async (address: string) => (await redis.exists(`${gw.env.RATE_LIMIT_NAMESPACE}:authfail:${address}`)) === 1;

  it('charges the address the trusted proxy saw, whatever the client wrote to the left of it', async () => {
    const statuses: number[] = [];
    for (const spoofed of ['9.9.9.1', '9.9.9.2', '9.9.9.3', '9.9.9.4', '198.51.100.200']) {
      statuses.push((await guess(`${spoofed}, 203.0.113.9`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(await charged('203.0.113.9')).toBe(true);
    for (const spoofed of ['9.9.9.1', '9.9.9.2', '198.51.100.200']) expect(await charged(spoofed)).toBe(false);
    // The client framed nobody: the address it named on the left still has its whole budget.
    expect((await guess('198.51.100.200')).status).toBe(401);
  });

  it('cannot escape its bucket by naming another address', async () => {
    expectProblem(await guess('203.0.113.10, 203.0.113.9'), 'rate_limited');
    expectProblem(await guess('203.0.113.9'), 'rate_limited');
  });
});

describe('TRUST_PROXY as a list', () => {
  let gw: RunningGateway;
  let redis: Redis;
  beforeAll(async () => {
    gw = await startGateway({ TRUST_PROXY: '127.0.0.1/32,10.1.0.0/16' });
    redis = new Redis(redisUrl);
    await limiterConnected(gw);
  });
  afterAll(async () => {
    redis?.disconnect();
    await gw?.close();
  });
  const charged = async (address: string) => (await redis.exists(`${gw.env.RATE_LIMIT_NAMESPACE}:authfail:${address}`)) === 1;

  it('trusts only the listed proxies: the first hop from the right outside the list is the client', async () => {
    const send = (forwardedFor: string) =>
      http(gw.baseUrl, '/api/v1/sites', { auth: 'wrong-key-0123456789-0123456789', headers: { 'x-forwarded-for': forwardedFor } });
    // 10.1.2.3 is a listed proxy, so the hop before it is the client.
    expect((await send('6.6.6.6, 203.0.113.50, 10.1.2.3')).status).toBe(401);
    expect(await charged('203.0.113.50')).toBe(true);
    expect(await charged('6.6.6.6')).toBe(false);
    // 198.51.100.7 is not listed: it is the client, even though it names another address before it.
    expect((await send('203.0.113.51, 198.51.100.7')).status).toBe(401);
    expect(await charged('198.51.100.7')).toBe(true);
    expect(await charged('203.0.113.51')).toBe(false);
  });
});
