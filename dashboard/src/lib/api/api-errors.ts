import type { FieldError, ProblemCode } from '@emissions/contracts';

/** A problem-details answer from the API (any non-2xx), typed by its stable `code`. */
export class ApiProblemError extends Error {
  override readonly name = 'ApiProblemError';
  constructor(
    readonly status: number,
    /** `unexpected_response` when the body was not the problem document the contract promises. */
    readonly code: ProblemCode | 'unexpected_response',
    readonly title: string,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
    readonly requestId: string | null = null,
    /** From `Retry-After` (409 in progress, 429, 503), in milliseconds. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${status} ${code}: ${detail}`);
  }
}

/** The request never got an answer: the connection failed or our own timeout fired. */
export class ApiNetworkError extends Error {
  override readonly name = 'ApiNetworkError';
  constructor(
    readonly kind: 'network' | 'timeout',
    readonly cause?: unknown,
  ) {
    super(kind === 'timeout' ? 'The API did not answer in time' : 'The API could not be reached');
  }
}

/** A 2xx whose body does not match the shared schema: a contract drift, never shown raw to the user. */
export class ApiContractError extends Error {
  override readonly name = 'ApiContractError';
  constructor(
    readonly path: string,
    readonly issues: string,
  ) {
    super(`Unexpected response from ${path}`);
  }
}

export type ApiError = ApiProblemError | ApiNetworkError | ApiContractError;

/** A short sentence for the operator; never a stack trace or a JSON dump. */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiNetworkError) {
    return error.kind === 'timeout' ? 'The server took too long to answer.' : 'The connection failed before the server answered.';
  }
  if (error instanceof ApiProblemError) {
    if (error.code === 'unexpected_response') return `The server answered with an unexpected error (HTTP ${error.status}).`;
    // A route the server does not offer (an older gateway, say): its detail is for developers.
    if (error.code === 'route_not_found' || error.code === 'method_not_allowed') return 'This server does not offer this information.';
    if (error.status === 401) return 'You are signed out. Sign in again to continue.';
    if (error.status === 403) return `Not allowed: ${error.detail || 'your credential may not do this.'}`;
    return error.detail || error.title;
  }
  if (error instanceof ApiContractError) return 'The server sent a response this dashboard does not understand.';
  return 'Something went wrong.';
}

export function parseRetryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
