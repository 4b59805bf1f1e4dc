import { type FieldError, PROBLEM_CODES, type ProblemCode } from '@emissions/contracts';

export type ProblemOptions = {
  errors?: FieldError[];
  /** Seconds for the Retry-After header (409 in progress, 503). */
  retryAfterS?: number;
  /** Extra headers, e.g. Allow on 405. */
  headers?: Record<string, string>;
  /** RFC 9457 extension members (e.g. the failed checks of /health/ready). */
  extensions?: Record<string, unknown>;
  /** An answer, not a failure (a readiness probe's 503): the filter sends it without logging an error. */
  expected?: boolean;
};

/**
 * The one error type gateway code throws. It carries a contract code; the ProblemFilter is the only place
 * that turns it into an HTTP response, so status, title and type always agree with PROBLEM_CODES.
 */
export class ProblemError extends Error {
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly options: ProblemOptions = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ProblemError';
    this.status = PROBLEM_CODES[code].status;
  }
}
