import type { Request } from 'express';

/** How a caller was recognised. */
export type CredentialSource = 'bearer' | 'cookie' | 'loopback';

/** Who is calling, once authenticated. `clientId` scopes the idempotency ledger. */
export type Principal =
  | { kind: 'operator'; clientId: 'operator'; via: CredentialSource; sessionExpiresAt: Date | null }
  | { kind: 'device'; clientId: `device:${string}`; via: 'bearer'; keyId: string; siteId: string };

const PRINCIPAL = Symbol('principal');
type WithPrincipal = Request & { [PRINCIPAL]?: Principal };

export function attachPrincipal(req: Request, principal: Principal): void {
  (req as WithPrincipal)[PRINCIPAL] = principal;
}

/** The caller the AuthGuard recognised; a route reaching here without one is a wiring mistake, not a client error. */
export function principalOf(req: Request): Principal {
  const principal = (req as WithPrincipal)[PRINCIPAL];
  if (!principal) throw new Error(`no principal on ${req.method} ${req.path}: is the route missing from the AuthGuard?`);
  return principal;
}

/** Operators reach every site; a device key only its own. */
export function mayAccessSite(principal: Principal, siteId: string): boolean {
  return principal.kind === 'operator' || principal.siteId.toLowerCase() === siteId.toLowerCase();
}
