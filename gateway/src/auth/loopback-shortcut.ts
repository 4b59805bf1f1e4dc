import type { Request } from 'express';
import { isStateChanging, isTrustedOrigin } from './request-origin';

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
/** The names this machine is addressed by: a DNS-rebinding page (evil.example resolved to 127.0.0.1) sends its own name. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;
/** Fetch metadata of a request the browser made from the gateway's own page, or one the user typed or bookmarked. */
const OWN_PAGE_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * Development only (ANONYMOUS_LOOPBACK, refused in production): whether a request without a credential acts
 * as the operator. A browser on this machine is the danger, not its other processes: any page it opens can
 * reach 127.0.0.1, so the request must name this machine in Host (defeats DNS rebinding) and, to change
 * state, come from the gateway's own page by Origin or Sec-Fetch-Site (defeats a cross-site form POST).
 */
export function loopbackShortcutApplies(req: Request, configuredOrigins: readonly string[]): boolean {
  if (!LOOPBACK_ADDRESS.test(req.socket.remoteAddress ?? '')) return false;
  if (!LOOPBACK_HOST.test(req.headers.host ?? '')) return false;
  if (!isStateChanging(req.method)) return true;
  const fetchSite = req.headers['sec-fetch-site'];
  return (typeof fetchSite === 'string' && OWN_PAGE_FETCH_SITES.has(fetchSite)) || isTrustedOrigin(req, configuredOrigins);
}
