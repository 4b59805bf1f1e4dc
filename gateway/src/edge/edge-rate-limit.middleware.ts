import type { NextFunction, Request, Response } from 'express';
import type { GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import type { BucketSpec } from '../rate-limits/bucket-spec';
import { addressBucketKey, clientAddress } from '../rate-limits/client-address';
import { InProcessTokenBuckets } from '../rate-limits/in-process-token-buckets';
import { ALLOWED } from '../rate-limits/rate-decision';

/**
 * The address's bucket (an IPv6 client by its /64) for every request on any path; apart from the guard's /api
 * address bucket, which only authenticated routes reach.
 */
export function edgeBucket(env: GatewayEnv, address: string): BucketSpec {
  return {
    key: addressBucketKey(address),
    burst: env.RATE_LIMIT_EDGE_BURST,
    perMinute: env.RATE_LIMIT_EDGE_PER_MIN,
  };
}

/**
 * Charges the client's address before anything costly happens (body read and inflated, routing, readiness
 * fan-out), so an unauthenticated flood on any path, known or not, is refused for the price of a Map lookup.
 * Counted in this process, not in Redis: it shields this replica's CPU (so each replica counting its own is
 * the point), it holds with Redis away, and it costs the hot path no round trip; the shared limits by address
 * and credential come after, in the guard.
 */
export function createEdgeRateLimit(env: GatewayEnv) {
  const buckets = new InProcessTokenBuckets();
  return (req: Request, _res: Response, next: NextFunction): void => {
    const decision = env.RATE_LIMIT_ENABLED ? buckets.take(edgeBucket(env, clientAddress(req))) : ALLOWED;
    if (decision.allowed) next();
    else {
      const detail = `Too many requests from this address; retry after ${decision.retryAfterS} s`;
      next(new ProblemError('rate_limited', detail, { retryAfterS: decision.retryAfterS }));
    }
  };
}
