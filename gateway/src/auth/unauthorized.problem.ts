import { ProblemError } from '../problems/problem.error';

/** 401 with the RFC 6750 challenge; `invalid_token` when a key was presented and refused. */
export function unauthorized(detail: string, presented: boolean): ProblemError {
  const challenge = presented ? 'Bearer realm="emissions", error="invalid_token"' : 'Bearer realm="emissions"';
  return new ProblemError('unauthorized', detail, { headers: { 'WWW-Authenticate': challenge } });
}
