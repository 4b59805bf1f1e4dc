import type { Request } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The origin a browser says the request comes from: Origin, else the Referer's origin; null when neither is usable. */
export function claimedOrigin(req: Request): string | null {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin.toLowerCase();
  const referer = req.headers.referer;
  if (typeof referer !== 'string') return null;
  try {
    return new URL(referer).origin.toLowerCase();
  } catch {
    return null;
  }
}

/** The gateway's own origin as the browser addressed it (req.protocol follows TRUST_PROXY). */
export function ownOrigin(req: Request): string | null {
  const host = req.headers.host;
  return host ? `${req.protocol}://${host}`.toLowerCase() : null;
}

/** A cookie-carrying request may change state only from the dashboard's own origin or a configured one. */
export function isTrustedOrigin(req: Request, configured: readonly string[]): boolean {
  const claimed = claimedOrigin(req);
  if (claimed === null) return false;
  return claimed === ownOrigin(req) || configured.some((o) => o.toLowerCase() === claimed);
}
