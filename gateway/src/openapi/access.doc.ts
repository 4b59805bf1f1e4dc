import type { ProblemCode } from '@emissions/contracts';
import type { Access } from '../auth/access.decorator';
import type { SecuritySchemeObject } from './openapi.types';

export const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  bearerKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key: the operator key (ADMIN_API_KEY), or a device key made for one site (`emk_…`, shown once at creation). ' +
      'Missing or refused: 401 with `WWW-Authenticate`; valid but not allowed: 403.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'emissions_session',
    description:
      'The dashboard’s operator session (POST /api/v1/session); named `__Host-emissions_session` in production. State-changing requests with it must come from the dashboard’s own origin; after sign-out it is refused (401).',
  },
};

/** The `security` of an operation: none for public routes, else a bearer key or the session cookie. */
export function securityOf(access: Access): Array<Record<string, string[]>> {
  return access === 'public' ? [] : [{ bearerKey: [] }, { sessionCookie: [] }];
}

/** The answers authentication and rate limits add to a route; the per-address limit covers public routes too. */
export function accessProblems(access: Access): ProblemCode[] {
  return access === 'public' ? ['rate_limited'] : ['unauthorized', 'forbidden', 'rate_limited'];
}

export const ACCESS_NOTE: Record<Access, string> = {
  public: 'No credential needed.',
  authenticated: 'Any valid credential.',
  site: 'An operator credential, or a device key of this site.',
  operator: 'Operator credential only (device keys: 403).',
};
