import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, uniqueName, ThrowawayRedis } from '@emissions/testing';
import { Test, type TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigModule } from '../../src/config/config.module';
import { loadEnv } from '../../src/config/env';
import type { BucketSpec } from '../../src/rate-limits/bucket-spec';
import { RateLimiter } from '../../src/rate-limits/rate-limiter.service';
import { RateLimitsModule } from '../../src/rate-limits/rate-limits.module';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const modules: TestingModule[] = [];

/** A RateLimiter as the app builds it (ConfigModule + RateLimitsModule): one per gateway "replica". */
async function startLimiter(vars: Record<string, string> = {}, { waitForRedis = true } = {}): Promise<RateLimiter> {
  const env = loadEnv({ REDIS_URL: redisUrl, ...vars });
  const module = await Test.createTestingModule({ imports: [ConfigModule.forRoot(env), RateLimitsModule] }).compile();
  modules.push(module);
  await module.init();
  const limiter = module.get(RateLimiter);
  if (waitForRedis) await vi.waitFor(() => expect(limiter.connected).toBe(true), { timeout: 5000 });
  return limiter;
}

/** A bucket no other test touches. */
function bucket(burst: number, perMinute: number, cost?: number): BucketSpec {
  return { key: `rl:test:${uniqueName('bucket')}`, burst, perMinute, ...(cost === undefined ? {} : { cost }) };
}

async function allowedCount(limiter: RateLimiter, buckets: BucketSpec[], attempts: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < attempts; i++) if ((await limiter.check(buckets)).allowed) allowed++;
  return allowed;
}

afterEach(async () => {
  await Promise.all(modules.splice(0).map((m) => m.close()));
});

describe('RateLimiter against Redis', () => {
  it('allows the burst, then refuses with the time until the next token', async () => {
    const limiter = await startLimiter();
    const slow = bucket(3, 6); // one token every 10 s
    expect(await allowedCount(limiter, [slow], 3)).toBe(3);
    expect(await limiter.check([slow])).toEqual({ allowed: false, retryAfterS: 10 });
  });

  it('refills over time, never beyond the burst', async () => {
    const limiter = await startLimiter();
    const fast = bucket(2, 600); // one token every 100 ms
    expect(await allowedCount(limiter, [fast], 3)).toBe(2);
    await sleep(350);
    expect(await allowedCount(limiter, [fast], 3)).toBe(2);
  });

  it('takes nothing from any bucket when one of them refuses', async () => {
    const limiter = await startLimiter();
    const roomy = bucket(5, 1);
    const tight = bucket(1, 1);
    expect((await limiter.check([roomy, tight])).allowed).toBe(true);
    expect(await limiter.check([roomy, tight])).toEqual({ allowed: false, retryAfterS: 60 });
    expect(await limiter.check([roomy, tight])).toEqual({ allowed: false, retryAfterS: 60 });
    // Only the first check took from `roomy`: its remaining 4 tokens are all still there.
    expect((await limiter.check([{ ...roomy, cost: 4 }])).allowed).toBe(true);
    expect((await limiter.check([roomy])).allowed).toBe(false);
  });

  it('answers with the longest wait among the refusing buckets', async () => {
    const limiter = await startLimiter();
    const everySecond = bucket(1, 60);
    const everyTenSeconds = bucket(1, 6);
    await limiter.check([everySecond]);
    await limiter.check([everyTenSeconds]);
    expect(await limiter.check([everySecond, everyTenSeconds])).toEqual({ allowed: false, retryAfterS: 10 });
  });

  it('shares a bucket between two replicas', async () => {
    const [first, second] = await Promise.all([startLimiter(), startLimiter()]);
    const shared = bucket(4, 1);
    const outcomes = [];
    for (const limiter of [first, second, first, second, first, second]) outcomes.push((await limiter.check([shared])).allowed);
    expect(outcomes).toEqual([true, true, true, true, false, false]);
  });

  it('lets an idle bucket expire once it would be full again', async () => {
    const limiter = await startLimiter();
    const redis = new Redis(redisUrl);
    try {
      const fast = bucket(2, 600); // one token every 100 ms
      await limiter.check([fast]);
      const ttl = await redis.pttl(fast.key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(100);
      await sleep(250);
      expect(await redis.exists(fast.key)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('RateLimiter fails open', () => {
  it('allows every request while Redis is unreachable', async () => {
    const limiter = await startLimiter({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }, { waitForRedis: false });
    const one = bucket(1, 1);
    expect(limiter.connected).toBe(false);
    expect(await allowedCount(limiter, [one], 5)).toBe(5);
  });

  it('allows every request, without touching Redis, when RATE_LIMIT_ENABLED=false', async () => {
    const limiter = await startLimiter({ RATE_LIMIT_ENABLED: 'false' }, { waitForRedis: false });
    const redis = new Redis(redisUrl);
    try {
      const one = bucket(1, 1);
      expect(await allowedCount(limiter, [one], 5)).toBe(5);
      expect(await redis.exists(one.key)).toBe(0);
      expect(limiter.connected).toBe(false);
    } finally {
      redis.disconnect();
    }
  });
});

// A redis-server of this file's own, because these tests pause it, flush its scripts and list its clients.
describe('RateLimiter on a Redis of its own', () => {
  let server: ThrowawayRedis;
  let admin: Redis;
  beforeAll(async () => {
    server = await ThrowawayRedis.start();
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.dispose();
  });

  it('allows a request once Redis takes longer than RATE_LIMIT_TIMEOUT_MS, and limits again when it answers', async () => {
    const limiter = await startLimiter({ REDIS_URL: server.url, RATE_LIMIT_TIMEOUT_MS: '100' });
    const one = bucket(1, 1);
    await admin.call('CLIENT', 'PAUSE', '1000', 'ALL');
    const started = Date.now();
    expect(await allowedCount(limiter, [one], 3)).toBe(3);
    expect(Date.now() - started, 'the checks did not wait for the paused server').toBeLessThan(1000);
    // Checks that reach Redis again take its one token (the paused ones may already have): one is soon refused.
    await vi.waitFor(async () => expect((await limiter.check([one])).allowed).toBe(false), {
      timeout: 5000,
      interval: 200,
    });
  });

  it('reloads its script after the script cache is flushed', async () => {
    const limiter = await startLimiter({ REDIS_URL: server.url });
    const one = bucket(1, 1);
    expect((await limiter.check([one])).allowed).toBe(true);
    await admin.script('FLUSH');
    expect((await limiter.check([one])).allowed).toBe(false);
  });

  it('closes its connection on application shutdown', async () => {
    const limiter = await startLimiter({ REDIS_URL: server.url });
    const named = async () =>
      ((await admin.client('LIST')) as string).split('\n').filter((l) => l.includes('name=gateway-rate-limiter')).length;
    expect(await named()).toBe(1);
    await Promise.all(modules.splice(0).map((m) => m.close()));
    await vi.waitFor(async () => expect(await named()).toBe(0));
    await vi.waitFor(() => expect(limiter.connected).toBe(false));
  });
});
