import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from '../problems/problem.error';
import { summarizeFieldErrors } from '../problems/zod-problem';
import { exceedsJsonDepth, jsonTextExceedsDepth } from './json-depth';

export function tooDeepProblem(max: number): ProblemError {
  const errors = [{ path: '', code: 'too_deep', message: `must be nested at most ${max} levels deep` }];
  return new ProblemError('validation_failed', summarizeFieldErrors(errors), { errors });
}

/** Thrown from the parser's verify hook; body-parser wraps it, so it is recognised by class, not by type. */
class JsonTooDeepError extends Error {}

export type JsonDepthLimit = {
  /** body-parser `verify` option: refuses a too deep UTF-8 body before it is parsed. */
  verify: (req: IncomingMessage, res: ServerResponse, body: Buffer, encoding: string) => void;
  /** Error middleware (arity 4) before bodyParserErrorTranslator, which would make it a generic 400 without `errors`. */
  translateVerifyFailure: (err: unknown, req: Request, res: Response, next: NextFunction) => void;
  /** After the parser: the same limit on the parsed body (other UTF encodings), before any handler. */
  checkParsedBody: (req: Request, res: Response, next: NextFunction) => void;
};

/** A JSON body nested deeper than `maxDepth` is a 400 validation_failed that no handler ever sees. */
export function createJsonDepthLimit(maxDepth: number): JsonDepthLimit {
  // Bodies whose text was scanned: their parsed value is not walked again.
  const scanned = new WeakSet<IncomingMessage>();
  return {
    verify: (req, _res, body, encoding) => {
      if (encoding.toLowerCase() !== 'utf-8') return;
      if (jsonTextExceedsDepth(body, maxDepth)) throw new JsonTooDeepError();
      scanned.add(req);
    },
    translateVerifyFailure: (err, _req, _res, next) => {
      next(err instanceof JsonTooDeepError ? tooDeepProblem(maxDepth) : err);
    },
    checkParsedBody: (req, _res, next) => {
      const body: unknown = req.body;
      if (typeof body === 'object' && body !== null && !scanned.has(req) && exceedsJsonDepth(body, maxDepth)) {
        next(tooDeepProblem(maxDepth));
        return;
      }
      next();
    },
  };
}
