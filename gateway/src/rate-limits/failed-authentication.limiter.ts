import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { addressBucketKey } from './client-address';
import { RateLimiter } from './rate-limiter.service';

/** A failed attempt reserved ahead of a key lookup: refunded when the key turns out valid. */
export type FailureReservation = { granted: true; refund: () => void } | { granted: false; retryAfterS: number };

const UNLIMITED: FailureReservation = Object.freeze({ granted: true, refund: () => undefined });
/** How long a device key that worked from an address stays usable from it once the address ran out of failures. */
const KNOWN_CREDENTIAL_TTL_MS = 24 * 3_600_000;
/** This replica trusts its memory of a mark for this long, and rewrites a mark at most this often. */
const REMARK_AFTER_MS = 60_000;
const MARKS_MAX = 10_000;

/**
 * Failed authentications per client address (an IPv6 client by its /64), with rate-limiter-flexible: a token is
 * taken atomically BEFORE a key is looked up and given back when the key is valid, so N parallel bad keys reach
 * the lookup at most RATE_LIMIT_AUTH_FAILURES_BURST times. Each attempt counts twice: in this process
 * (RateLimiterMemory) and across replicas in Redis (RateLimiterRedis, an atomic INCR); either refusing refuses.
 * So the limit fails closed: with Redis unreachable, erroring or slower than RATE_LIMIT_TIMEOUT_MS (the shared
 * connection's command timeout) the in-process count still holds. rate-limiter-flexible's own `insuranceLimiter`
 * is not used: it starts counting only once Redis fails, so a timeout storm under load, exactly when the limit
 * matters, would grant a second full budget. Fixed windows of BURST per BURST/PER_MIN minutes: at a window's
 * edge up to twice the burst can pass.
 */
@Injectable()
export class FailedAuthenticationLimiter {
  private readonly local: RateLimiterMemory | null;
  private readonly shared: RateLimiterRedis | null;
  /** `<address>|<prefix>` → when this replica last wrote (or confirmed) the pair's mark in Redis. */
  private readonly marks = new Map<string, number>();
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    if (!env.RATE_LIMIT_ENABLED) {
      this.local = null;
      this.shared = null;
      return;
    }
    const points = env.RATE_LIMIT_AUTH_FAILURES_BURST;
    const duration = Math.max(1, Math.round((points / env.RATE_LIMIT_AUTH_FAILURES_PER_MIN) * 60));
    const keyPrefix = `${env.RATE_LIMIT_NAMESPACE}:authfail`;
    this.local = new RateLimiterMemory({ keyPrefix, points, duration });
    // Refuses at once while disconnected (rejectIfRedisNotReady) rather than queueing: the local count decides then.
    this.shared = new RateLimiterRedis({ storeClient: limiter.redis, keyPrefix, points, duration, rejectIfRedisNotReady: true });
  }

  /** Takes one failure token for the address; refused when either count has none left. */
  async reserve(address: string): Promise<FailureReservation> {
    const { local, shared } = this;
    if (!local || !shared) return UNLIMITED;
    const key = addressBucketKey(address);
    try {
      await local.consume(key);
    } catch (rejection) {
      return refusal(rejection);
    }
    try {
      await shared.consume(key);
    } catch (rejection) {
      // Only a refusal counts; a Redis error or timeout leaves the decision to the local count (fail closed).
      if (rejection instanceof RateLimiterRes) return refusal(rejection);
    }
    // The refund is not awaited: it only matters to the next failure, and the caller should not wait for it.
    const refund = () => {
      void local.reward(key).catch(() => undefined);
      void shared.reward(key).catch(() => undefined);
    };
    return { granted: true, refund };
  }

  /** Charges a failure found without a reservation (a known key that turned out wrong); the outcome does not matter. */
  async charge(address: string): Promise<void> {
    const { local, shared } = this;
    if (!local || !shared) return;
    const key = addressBucketKey(address);
    await Promise.all([local.consume(key).catch(() => undefined), shared.consume(key).catch(() => undefined)]);
  }

  /**
   * Whether the device key `prefix` worked from this address before (within KNOWN_CREDENTIAL_TTL_MS), so its lookup
   * needs no failure token. Returns a release function to call when the lookup is done, or null (then reserve):
   * also null while this replica already has such a lookup in flight for the pair, so concurrent guesses at a
   * known prefix get one unreserved lookup between them, not one each. Redis away: only this replica's memory.
   */
  async claimKnown(address: string, prefix: string): Promise<(() => void) | null> {
    if (!this.shared) return null;
    const pair = `${addressBucketKey(address)}|${prefix}`;
    if (this.inFlight.has(pair)) return null;
    const markedAt = this.marks.get(pair);
    if (markedAt === undefined || Date.now() - markedAt > KNOWN_CREDENTIAL_TTL_MS) {
      if (this.limiter.redis.status !== 'ready') return null;
      const known = await this.limiter.redis.sismember(this.knownKey(address), prefix).catch(() => 0);
      if (known !== 1 || this.inFlight.has(pair)) return null;
      this.mark(pair, Date.now() - REMARK_AFTER_MS / 2);
    }
    this.inFlight.add(pair);
    return () => this.inFlight.delete(pair);
  }

  /** Marks a device key as having worked from this address (fire and forget; written at most once a minute per pair). */
  remember(address: string, prefix: string): void {
    if (!this.shared) return;
    const pair = `${addressBucketKey(address)}|${prefix}`;
    const now = Date.now();
    if (now - (this.marks.get(pair) ?? Number.NEGATIVE_INFINITY) < REMARK_AFTER_MS) return;
    this.mark(pair, now);
    if (this.limiter.redis.status !== 'ready') return;
    const key = this.knownKey(address);
    this.limiter.redis
      .multi()
      .sadd(key, prefix)
      .pexpire(key, KNOWN_CREDENTIAL_TTL_MS)
      .exec()
      .catch(() => this.marks.delete(pair));
  }

  /** Drops the mark after the key failed: the next attempt with that prefix reserves a failure token again. */
  forget(address: string, prefix: string): void {
    if (!this.shared) return;
    this.marks.delete(`${addressBucketKey(address)}|${prefix}`);
    if (this.limiter.redis.status === 'ready') this.limiter.redis.srem(this.knownKey(address), prefix).catch(() => undefined);
  }

  private mark(pair: string, at: number): void {
    if (this.marks.size >= MARKS_MAX) this.marks.clear();
    this.marks.set(pair, at);
  }

  private knownKey(address: string): string {
    return `${this.env.RATE_LIMIT_NAMESPACE}:authok:${addressBucketKey(address)}`;
  }
}

function refusal(rejection: unknown): FailureReservation {
  const waitMs = rejection instanceof RateLimiterRes ? rejection.msBeforeNext : 1000;
  return { granted: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
}
