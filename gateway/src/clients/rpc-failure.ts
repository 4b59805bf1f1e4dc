import { RpcFailureSchema } from '@emissions/contracts';
import { TimeoutError } from 'rxjs';
import { ProblemError } from '../problems/problem.error';

/** Retry-After for transport failures: long enough for a service restart, short for a device retry loop. */
export const TRANSPORT_RETRY_AFTER_S = 5;

function isTransportFailure(error: unknown): boolean {
  // Socket errors (ECONNREFUSED, ECONNRESET, "Connection closed") are Errors; service answers are plain objects.
  return error instanceof TimeoutError || error instanceof Error;
}

/**
 * The one mapping from what a service client observed to a problem, naming that service: a service's RpcFailure keeps its
 * contract code (its detail was written for clients); transport failures become 503 with Retry-After;
 * anything else is an internal error whose details stay in the log.
 */
export function problemFromRpcError(error: unknown, service: string): ProblemError {
  const failure = RpcFailureSchema.safeParse(error);
  if (failure.success) {
    const { code, detail, retry_after_s } = failure.data;
    const needsRetryAfter = code === 'service_unavailable' || code === 'idempotency_request_in_progress';
    const retryAfterS = retry_after_s ?? (needsRetryAfter ? TRANSPORT_RETRY_AFTER_S : undefined);
    return new ProblemError(code, detail, { retryAfterS });
  }
  if (isTransportFailure(error)) {
    return new ProblemError('service_unavailable', `The ${service} service is temporarily unreachable; retry later`, {
      retryAfterS: TRANSPORT_RETRY_AFTER_S,
    });
  }
  return new ProblemError('internal_error', `The ${service} service failed unexpectedly; retry later`);
}
