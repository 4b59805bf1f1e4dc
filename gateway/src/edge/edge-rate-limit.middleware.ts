import type { NextFunction, Request, Response } from 'express';
import type { GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import type { BucketSpec } from '../rate-limits/bucket-spec';
import { addressBucketKey, clientAddress } from '../rate-limits/client-address';
import type { RateLimiter } from '../rate-limits/rate-limiter.service';

/**
 * The address's bucket (an IPv6 client by its /64) for every request on any path; apart from the guard's /api
 * address bucket, which only authenticated routes reach.
 */
export function edgeBucket(env: GatewayEnv, address: string): BucketSpec {
  return {
    key: `${env.RATE_LIMIT_NAMESPACE}:edge:${addressBucketKey(address)}`,
    burst: env.RATE_LIMIT_EDGE_BURST,
    perMinute: env.RATE_LIMIT_EDGE_PER_MIN,
  };
}

/**
 * Charges the client's address before anything costly happens (body read and inflated, routing, readiness
 * fan-out), so an unauthenticated flood on any path, known or not, is refused at one Redis round trip.
 * A throughput limit: it fails open with the limiter (Redis away or slow), as the contract wants ingestion
 * to keep answering without Redis.
 */
export function createEdgeRateLimit(limiter: RateLimiter, env: GatewayEnv) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    limiter.check([edgeBucket(env, clientAddress(req))]).then(
      (decision) => {
        if (decision.allowed) next();
        else {
          const detail = `Too many requests from this address; retry after ${decision.retryAfterS} s`;
          next(new ProblemError('rate_limited', detail, { retryAfterS: decision.retryAfterS }));
        }
      },
      (err: unknown) => next(err),
    );
  };
}
