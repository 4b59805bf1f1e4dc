import { type FieldError, PROBLEM_CODES, type Problem, problemTypeUri } from '@emissions/contracts';
import type { Request, Response } from 'express';
import { requestIdOf } from '../request-context/request-context.middleware';
import type { ProblemError } from './problem.error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The contract puts `errors` on every validation failure. Failures found past the gateway's schemas (a zone or GWP set
 * the database does not know, a cursor it did not issue) arrive as a detail written `path: message`, which gives the
 * one field error; a failure of the request as a whole has the empty path.
 */
export function fieldErrorsOf(error: ProblemError): FieldError[] | undefined {
  if (error.options.errors || error.code !== 'validation_failed') return error.options.errors;
  const named = /^([A-Za-z_][\w.[\]]*): (.+)$/s.exec(error.detail);
  return named ? [{ path: named[1], code: 'invalid_value', message: named[2] }] : [{ path: '', code: 'invalid', message: error.detail }];
}

export function toProblemBody(error: ProblemError, req: Request, res: Response): Problem & Record<string, unknown> {
  const { extensions } = error.options;
  const errors = fieldErrorsOf(error);
  return {
    ...extensions,
    type: problemTypeUri(error.code),
    title: PROBLEM_CODES[error.code].title,
    status: error.status,
    detail: error.detail,
    instance: req.path,
    code: error.code,
    request_id: requestIdOf(res),
    ...(errors ? { errors } : {}),
  };
}

/** Writes the problem; the only place a problem response is produced. */
export function sendProblem(error: ProblemError, req: Request, res: Response): void {
  // Recorded for the ingest metrics, which count outcomes by code once the response is finished.
  res.locals.problemCode = error.code;
  const { retryAfterS, headers } = error.options;
  if (retryAfterS !== undefined) res.setHeader('Retry-After', String(retryAfterS));
  for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
  res
    .status(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(toProblemBody(error, req, res)));
}
