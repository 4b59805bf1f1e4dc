import { ApiNetworkError, ApiProblemError } from '$lib/api/api-errors';

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 8_000 };

/**
 * Errors after which the same request may still succeed: the answer was lost (network, timeout),
 * the first attempt is still running (409 in progress), or the server is temporarily unwell (5xx, 429).
 * Everything else is a definitive answer that repeating will not change.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ApiNetworkError) return true;
  if (!(error instanceof ApiProblemError)) return false;
  return error.code === 'idempotency_request_in_progress' || error.status === 429 || error.status >= 500;
}

/**
 * Delay before retry number `retry` (1 = first retry): exponential, capped, with "equal jitter"
 * (half fixed, half random) so that many clients retrying at once spread out but each still waits.
 * A server's Retry-After is honoured as a lower bound.
 */
export function backoffDelayMs(
  retry: number,
  random: () => number = Math.random,
  options: BackoffOptions = DEFAULT_BACKOFF,
  retryAfterMs: number | null = null,
): number {
  const exponential = Math.min(options.capMs, options.baseMs * 2 ** (retry - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, Math.min(retryAfterMs ?? 0, options.capMs)));
}

export function retryAfterOf(error: unknown): number | null {
  return error instanceof ApiProblemError ? error.retryAfterMs : null;
}
