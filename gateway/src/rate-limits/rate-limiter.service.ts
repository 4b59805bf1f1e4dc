import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import type { BucketSpec } from './bucket-spec';
import { ALLOWED, decisionFromWait, type RateDecision } from './rate-decision';
import { TOKEN_BUCKET_COMMAND, TOKEN_BUCKET_LUA, tokenBucketArguments } from './token-bucket.script';
import { WarningThrottle } from './warning-throttle';

const WARN_INTERVAL_MS = 30_000;

/**
 * Token-bucket rate limits shared by every gateway replica through Redis. Fails open: with limits disabled,
 * Redis away, a Redis error or a check slower than RATE_LIMIT_TIMEOUT_MS the request is allowed, and a
 * warning logged at most every 30 s — ingestion must keep answering while Redis is down (contract).
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly skipped = new WarningThrottle(WARN_INTERVAL_MS);
  /** The limiter's own connection; FailedAuthenticationLimiter shares it (same timeout, no offline queue). */
  readonly redis: Redis;
  private lastError: string | null = null;
  private closing = false;

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {
    // Its own connection, so a check never queues behind other Redis traffic of the gateway.
    this.redis = new Redis(env.REDIS_URL, {
      lazyConnect: true,
      // Refuse at once while disconnected (the check then fails open) instead of queueing the command.
      enableOfflineQueue: false,
      // A command cut off by a disconnect fails rather than being replayed after the reconnect.
      maxRetriesPerRequest: 0,
      // Settles the commands of a stalled server; check() bounds its own wait by the same figure.
      commandTimeout: env.RATE_LIMIT_TIMEOUT_MS,
      connectionName: 'gateway-rate-limiter',
    });
    this.redis.defineCommand(TOKEN_BUCKET_COMMAND, { lua: TOKEN_BUCKET_LUA });
    // ioredis reconnects by itself; log each distinct error once rather than on every retry.
    this.redis.on('error', (err: Error) => {
      if (!this.closing && err.message !== this.lastError) this.logger.warn(`redis: ${err.message}`);
      this.lastError = err.message;
    });
    this.redis.on('ready', () => {
      this.lastError = null;
    });
    if (env.RATE_LIMIT_ENABLED) this.redis.connect().catch(() => undefined);
  }

  /** Whether checks currently reach Redis (otherwise they fail open). */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  /**
   * Takes each bucket's cost if every bucket has enough, else takes nothing and refuses with the longest wait.
   * Rejects only for an invalid spec (a wiring mistake); every Redis trouble resolves to allowed.
   */
  async check(buckets: readonly BucketSpec[]): Promise<RateDecision> {
    const args = tokenBucketArguments(buckets);
    if (!this.env.RATE_LIMIT_ENABLED || buckets.length === 0) return ALLOWED;
    if (this.redis.status !== 'ready') return this.failOpen('Redis is not connected');
    try {
      const reply = this.redis.takeRateLimitTokens(buckets.length, ...args);
      return decisionFromWait(await withinTimeout(reply, this.env.RATE_LIMIT_TIMEOUT_MS));
    } catch (err) {
      return this.failOpen(err instanceof Error ? err.message : String(err));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private failOpen(reason: string): RateDecision {
    const held = this.skipped.pass();
    if (held !== null) {
      const more = held > 0 ? ` (${held} more skipped since the last warning)` : '';
      this.logger.warn(`rate limits skipped, request allowed: ${reason}${more}`);
    }
    return ALLOWED;
  }
}

/** `work`, or a rejection once `ms` have passed (the work itself carries on; its late outcome is ignored). */
function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
