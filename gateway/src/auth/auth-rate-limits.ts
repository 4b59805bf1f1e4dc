import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import { addressBucket, authFailureBucket, type BucketSpec, credentialBucket } from '../rate-limits/bucket-spec';
import { RateLimiter } from '../rate-limits/rate-limiter.service';
import type { Principal } from './principal';

/** The three limits around authentication: per client address, per failed attempt from an address, per credential. */
@Injectable()
export class AuthRateLimits {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  /** Counts the request against its address; an address that keeps failing is refused before any key is checked. */
  async beforeCredentialCheck(req: Request, presentsKey = req.headers.authorization !== undefined): Promise<void> {
    const address = clientAddress(req);
    const buckets: BucketSpec[] = [addressBucket(this.env, address)];
    if (presentsKey) buckets.push(authFailureBucket(this.env, address, 0));
    await this.enforce(buckets, 'Too many requests from this address');
  }

  async recordFailedAttempt(req: Request): Promise<void> {
    await this.limiter.check([authFailureBucket(this.env, clientAddress(req), 1)]);
  }

  async forCredential(principal: Principal): Promise<void> {
    await this.enforce([credentialBucket(this.env, principal)], 'Too many requests with this credential');
  }

  private async enforce(buckets: BucketSpec[], detail: string): Promise<void> {
    const decision = await this.limiter.check(buckets);
    if (!decision.allowed)
      throw new ProblemError('rate_limited', `${detail}; retry after ${decision.retryAfterS} s`, { retryAfterS: decision.retryAfterS });
  }
}

/** The client's address (behind TRUST_PROXY, the one X-Forwarded-For names). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
