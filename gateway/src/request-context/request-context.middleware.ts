import type { NextFunction, Request, Response } from 'express';
import { apiVersionOf, resolveRequestId } from './request-id';

/**
 * Runs first on every request (registered with app.use before the body parser), so even a body-parser
 * failure or an unknown route answers with X-Request-Id and, under /api, API-Version.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const id = resolveRequestId(req.headers['x-request-id']);
  req.id = id;
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  const version = apiVersionOf(req.path);
  if (version !== null) res.setHeader('API-Version', String(version));
  next();
}

export function requestIdOf(res: Response): string {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : '';
}
