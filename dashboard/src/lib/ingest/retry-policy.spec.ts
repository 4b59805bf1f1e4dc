import { describe, expect, it } from 'vitest';
import { ApiNetworkError, ApiProblemError } from '$lib/api/api-errors';
import { backoffDelayMs, isRetryable } from './retry-policy';

const problem = (status: number, code: ConstructorParameters<typeof ApiProblemError>[1]) => new ApiProblemError(status, code, '', '');

describe('isRetryable', () => {
  it('retries lost answers, requests still in progress, rate limits and server errors', () => {
    expect(isRetryable(new ApiNetworkError('network'))).toBe(true);
    expect(isRetryable(new ApiNetworkError('timeout'))).toBe(true);
    expect(isRetryable(problem(409, 'idempotency_request_in_progress'))).toBe(true);
    expect(isRetryable(problem(429, 'rate_limited'))).toBe(true);
    expect(isRetryable(problem(500, 'internal_error'))).toBe(true);
    expect(isRetryable(problem(503, 'service_unavailable'))).toBe(true);
  });

  it('does not retry definitive refusals', () => {
    expect(isRetryable(problem(400, 'validation_failed'))).toBe(false);
    expect(isRetryable(problem(404, 'site_not_found'))).toBe(false);
    expect(isRetryable(problem(409, 'site_name_taken'))).toBe(false);
    expect(isRetryable(problem(422, 'idempotency_key_reused'))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  const options = { baseMs: 500, capMs: 8_000 };

  it('doubles the window each retry and stays between half and all of it', () => {
    for (const retry of [1, 2, 3, 4]) {
      const window = 500 * 2 ** (retry - 1);
      expect(backoffDelayMs(retry, () => 0, options)).toBe(window / 2);
      expect(backoffDelayMs(retry, () => 0.999999, options)).toBeLessThanOrEqual(window);
    }
  });

  it('never exceeds the cap, and treats Retry-After as a lower bound up to the cap', () => {
    expect(backoffDelayMs(20, () => 1, options)).toBe(8_000);
    expect(backoffDelayMs(1, () => 0, options, 3_000)).toBe(3_000);
    expect(backoffDelayMs(1, () => 0, options, 60_000)).toBe(8_000);
  });
});
