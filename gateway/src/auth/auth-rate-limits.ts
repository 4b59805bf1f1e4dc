import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import { addressBucket, type BucketSpec, credentialBucket } from '../rate-limits/bucket-spec';
import { clientAddress } from '../rate-limits/client-address';
import { RateLimiter } from '../rate-limits/rate-limiter.service';
import type { Principal } from './principal';

/**
 * The throughput limits around authentication (Redis token buckets, fail-open): per client address before any
 * credential is judged, per credential after. Failed attempts have their own, fail-closed limit
 * (FailedAuthenticationLimiter, applied by CredentialResolver around each key lookup).
 */
@Injectable()
export class AuthRateLimits {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async forAddress(req: Request): Promise<void> {
    await this.enforce([addressBucket(this.env, clientAddress(req))], 'Too many requests from this address');
  }

  async forCredential(principal: Principal): Promise<void> {
    await this.enforce([credentialBucket(this.env, principal)], 'Too many requests with this credential');
  }

  /** Both limits at once (one Redis round trip, all or nothing), for a credential judged without I/O. */
  async forAddressAndCredential(req: Request, principal: Principal): Promise<void> {
    await this.enforce(
      [addressBucket(this.env, clientAddress(req)), credentialBucket(this.env, principal)],
      'Too many requests from this address or with this credential',
    );
  }

  private async enforce(buckets: BucketSpec[], detail: string): Promise<void> {
    const decision = await this.limiter.check(buckets);
    if (!decision.allowed) throw rateLimited(`${detail}; retry after ${decision.retryAfterS} s`, decision.retryAfterS);
  }
}

export function rateLimited(detail: string, retryAfterS: number): ProblemError {
  return new ProblemError('rate_limited', detail, { retryAfterS });
}

/** 429 for an address that has used up its failed attempts. */
export function tooManyFailures(retryAfterS: number): ProblemError {
  return rateLimited(`Too many failed authentications from this address; retry after ${retryAfterS} s`, retryAfterS);
}
