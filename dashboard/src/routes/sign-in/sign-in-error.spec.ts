import { describe, expect, it } from 'vitest';
import { ApiNetworkError, ApiProblemError } from '$lib/api/api-errors';
import { signInErrorMessage } from './sign-in-error';

const problem = (status: number, code: 'unauthorized' | 'forbidden' | 'rate_limited', detail: string, retryAfterMs: number | null = null) =>
  new ApiProblemError(status, code, 'Title', detail, [], 'r1', retryAfterMs);

describe('signInErrorMessage', () => {
  it("shows the server's message for a wrong key and for a key that may not sign in", () => {
    expect(signInErrorMessage(problem(401, 'unauthorized', 'The API key is not valid.'))).toBe('The API key is not valid.');
    expect(signInErrorMessage(problem(403, 'forbidden', 'Only operator keys can sign in.'))).toBe('Only operator keys can sign in.');
  });

  it('says how long to wait after too many attempts', () => {
    expect(signInErrorMessage(problem(429, 'rate_limited', 'Too many failed attempts.', 42_000))).toBe(
      'Too many failed attempts. Try again in 42 seconds.',
    );
    expect(signInErrorMessage(problem(429, 'rate_limited', 'Too many failed attempts.', 400))).toBe(
      'Too many failed attempts. Try again in 1 second.',
    );
    expect(signInErrorMessage(problem(429, 'rate_limited', 'Too many failed attempts.'))).toBe(
      'Too many failed attempts. Try again later.',
    );
  });

  it('describes a lost connection like everywhere else', () => {
    expect(signInErrorMessage(new ApiNetworkError('network'))).toBe('The connection failed before the server answered.');
  });
});
