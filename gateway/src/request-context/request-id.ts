import { randomUUID } from 'node:crypto';

/**
 * Incoming ids are echoed only when they are 1..128 characters of the RFC 3986 "unreserved" set plus `:`
 * (A-Z a-z 0-9 . _ ~ - :). That covers UUIDs, ULIDs, W3C trace ids and `service:span` styles, and cannot
 * carry header injection, log-forging newlines or HTML. Anything else is replaced, never trimmed or escaped.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._~:-]{1,128}$/;

export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}

/** The request id to use: the incoming header when safe, else a fresh UUID. */
export function resolveRequestId(header: string | string[] | undefined): string {
  // A repeated header is ambiguous: generate rather than pick one.
  return isSafeRequestId(header) ? header : randomUUID();
}

export type ApiVersion = 1 | 2;

/** The API version serving a path, or null outside /api. Unversioned /api paths are v1 forever. */
export function apiVersionOf(path: string): ApiVersion | null {
  if (path !== '/api' && !path.startsWith('/api/')) return null;
  return path === '/api/v2' || path.startsWith('/api/v2/') ? 2 : 1;
}
