import { PROBLEM_CODES, type Problem, problemTypeUri } from '@emissions/contracts';
import type { Request, Response } from 'express';
import { requestIdOf } from '../request-context/request-context.middleware';
import type { ProblemError } from './problem.error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function toProblemBody(error: ProblemError, req: Request, res: Response): Problem & Record<string, unknown> {
  const { errors, extensions } = error.options;
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
