import { BODY_PROBLEMS, type RouteDoc, UPSTREAM_PROBLEMS } from './route.doc';

const SESSION_PATH = '/api/v1/session';
const KEYS_PATH = '/api/v1/sites/{id}/keys';

export const AUTH_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: SESSION_PATH,
    operationId: 'signIn',
    tag: 'Access',
    summary: 'Sign in to the dashboard with the operator key',
    description:
      'Sets the session cookie (`emissions_session`; in production `__Host-emissions_session`, Secure; signed, HttpOnly, SameSite=Strict). ' +
      'Device keys cannot sign in (403). Failed attempts count against the client address: after a few, 429 with Retry-After.',
    version: 1,
    access: 'public',
    body: 'SignInRequest',
    success: { status: 200, description: 'Signed in; the cookie is set.', schema: 'Session' },
    problems: [...BODY_PROBLEMS, 'unauthorized', 'forbidden', 'rate_limited', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: SESSION_PATH,
    operationId: 'whoAmI',
    tag: 'Access',
    summary: 'Who the credential of this request is',
    version: 1,
    access: 'authenticated',
    success: { status: 200, description: 'The caller.', schema: 'Session' },
    problems: [...UPSTREAM_PROBLEMS],
  },
  {
    method: 'delete',
    path: SESSION_PATH,
    operationId: 'signOut',
    tag: 'Access',
    summary: 'Sign out: ends the session on the server and clears the cookie',
    description:
      'The session id is revoked at every replica until the cookie would have expired: the old cookie value is 401 afterwards. ' +
      'Succeeds without a session too. 503 when the revocation cannot be stored (Redis unreachable).',
    version: 1,
    access: 'public',
    success: { status: 204, description: 'The session is revoked and the cookie cleared.' },
    problems: ['internal_error', 'service_unavailable'],
  },
  {
    method: 'post',
    path: KEYS_PATH,
    operationId: 'createDeviceKey',
    tag: 'Access',
    summary: 'Create a device key for a site',
    description:
      'The answer is the only time the key is shown: only its SHA-256 and its prefix are stored. The body is optional (`{ "label": … }`).',
    version: 1,
    access: 'operator',
    parameters: ['SiteId'],
    body: 'CreateDeviceKeyRequest',
    success: { status: 201, description: 'The key, with its secret.', schema: 'CreatedDeviceKey', headers: ['Location'] },
    problems: [...BODY_PROBLEMS, 'site_not_found', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: KEYS_PATH,
    operationId: 'listDeviceKeys',
    tag: 'Access',
    summary: 'List the device keys of a site (never their secrets)',
    version: 1,
    access: 'operator',
    parameters: ['SiteId'],
    success: { status: 200, description: 'The keys, newest first.', schema: 'DeviceKeyList' },
    problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'delete',
    path: `${KEYS_PATH}/{keyId}`,
    operationId: 'revokeDeviceKey',
    tag: 'Access',
    summary: 'Revoke a device key',
    description:
      'Effective on the next request at every gateway replica. Idempotent: revoking again answers the key with its first `revoked_at`.',
    version: 1,
    access: 'operator',
    parameters: ['SiteId', 'KeyId'],
    success: { status: 200, description: 'The revoked key.', schema: 'DeviceKey' },
    problems: ['validation_failed', 'api_key_not_found', ...UPSTREAM_PROBLEMS],
  },
];
