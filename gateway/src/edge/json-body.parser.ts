import { json } from 'body-parser';
import type { NextFunction, Request, Response } from 'express';
import type { RouteCatalog } from '../problems/route-catalog';
import type { JsonDepthLimit } from '../security/json-depth-limit.middleware';

/** Contract: 256 KiB, counted after decompression (body-parser applies `limit` to the inflated bytes). */
export const BODY_LIMIT_BYTES = 256 * 1024;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The JSON parser, run only for a method that carries a body on a route registered for that method: an
 * unknown path, a wrong method or a GET answers without a byte of its body read or inflated.
 */
export function createJsonBodyParser(routes: RouteCatalog, depthLimit: JsonDepthLimit) {
  const parse = json({ limit: BODY_LIMIT_BYTES, strict: true, verify: depthLimit.verify });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (BODY_METHODS.has(req.method) && routes.match(req.path)?.methods.includes(req.method)) parse(req, res, next);
    else next();
  };
}
