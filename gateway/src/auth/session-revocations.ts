import { once } from 'node:events';
import { Inject, Injectable } from '@nestjs/common';
import { RedisClient } from '../clients/redis.client';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import type { VerifiedSession } from './session-cookie';

/** Redis key of a revoked session id; ids are 128 random bits, so one key space serves every deployment sharing a Redis. */
const revokedKey = (sid: string) => `session:revoked:${sid}`;
const RETRY_AFTER_S = 5;

/**
 * The server-side half of sign-out: revoked session ids, kept in Redis until the cookie would have expired
 * anyway, so every replica refuses a signed-out cookie. Fails closed: while Redis cannot answer, a cookie is
 * neither accepted nor revoked (503), since accepting it could honour a signed-out session.
 */
@Injectable()
export class SessionRevocations {
  constructor(
    private readonly client: RedisClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async revoke(session: VerifiedSession, now = Date.now()): Promise<void> {
    const remainingMs = session.expiresAt.getTime() - now;
    if (remainingMs <= 0) return;
    await this.bounded((redis) => redis.set(revokedKey(session.sid), '1', 'PX', remainingMs));
  }

  async isRevoked(session: VerifiedSession): Promise<boolean> {
    return (await this.bounded((redis) => redis.exists(revokedKey(session.sid)))) === 1;
  }

  /** One command, waiting for a (re)connecting Redis and for the answer at most HEALTH_TIMEOUT_MS in all. */
  private async bounded<T>(command: (redis: RedisClient['redis']) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(this.env.HEALTH_TIMEOUT_MS);
    try {
      const redis = this.client.redis;
      if (redis.status !== 'ready') await once(redis, 'ready', { signal });
      const aborted = once(signal, 'abort').then(() => {
        throw new Error('Redis did not answer in time');
      });
      return await Promise.race([command(redis), aborted]);
    } catch {
      throw new ProblemError('service_unavailable', 'Sessions cannot be checked right now; retry shortly', { retryAfterS: RETRY_AFTER_S });
    }
  }
}
