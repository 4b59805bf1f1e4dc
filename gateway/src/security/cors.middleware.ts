import type { NextFunction, Request, Response } from 'express';

export const CORS_ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
export const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id, Last-Event-ID';
export const CORS_EXPOSE_HEADERS = 'X-Request-Id, API-Version, Idempotent-Replayed, Retry-After, Location';
const PREFLIGHT_MAX_AGE_S = '600';

const API = /^\/api(\/|$)/i;

/** A CORS preflight: OPTIONS naming the method the browser wants to send. */
function isPreflight(req: Request): boolean {
  return req.method === 'OPTIONS' && typeof req.headers['access-control-request-method'] === 'string';
}

/**
 * CORS for /api, closed unless CORS_ORIGINS lists origins. Only those exact origins are echoed in
 * Access-Control-Allow-Origin; credentials are never allowed (API clients send bearer keys, and the
 * dashboard's session cookie is SameSite=Strict and same-origin). Any other request passes untouched,
 * so a preflight from an unlisted origin is answered as without CORS: a 405 problem, which browsers refuse.
 * Mounted before the router and authentication: a preflight carries no credential.
 */
export function createCorsMiddleware(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (allowed.size === 0 || !API.test(req.path)) {
      next();
      return;
    }
    // The answer depends on Origin, so shared caches must key on it, listed origin or not.
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (!isPreflight(req)) {
      res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', CORS_ALLOW_METHODS);
    res.setHeader('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S);
    res.status(204).end();
  };
}
