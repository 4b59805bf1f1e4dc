import { ApiProblemError, describeApiError } from '$lib/api/api-errors';

/**
 * What the sign-in form says when the server refuses: the problem's own message for a wrong key (401),
 * a key that may not sign in (403) and too many attempts (429, with how long to wait).
 */
export function signInErrorMessage(error: unknown): string {
  if (!(error instanceof ApiProblemError) || ![401, 403, 429].includes(error.status)) return describeApiError(error);
  const message = error.code === 'unexpected_response' ? describeApiError(error) : error.detail || error.title;
  if (error.status !== 429) return message;
  const seconds = error.retryAfterMs === null ? null : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  return seconds === null ? `${message} Try again later.` : `${message} Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
}
