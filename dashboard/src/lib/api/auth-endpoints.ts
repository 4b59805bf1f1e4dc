import {
  type CreateDeviceKeyRequest,
  CreatedDeviceKeySchema,
  DeviceKeyListSchema,
  DeviceKeySchema,
  SessionSchema,
} from '@emissions/contracts';
import { z } from 'zod';
import type { RequestFn } from './api.client';
import { ApiProblemError } from './api-errors';

const NoContentSchema = z.undefined();
const keysPath = (siteId: string) => `/api/v1/sites/${encodeURIComponent(siteId)}/keys`;

/** Operator sign-in (a session cookie set by the gateway) and the device keys of a site. */
export function authEndpoints(request: RequestFn) {
  return {
    /** Who the caller is; a 401 here means signed out and goes to the sign-in page like any other. */
    getSession: (signal?: AbortSignal) => request({ path: '/api/v1/session', schema: SessionSchema, signal }).then((r) => r.data),
    /** A wrong key answers 401: an error for the form to show, not a sign-out. */
    signIn: (apiKey: string) =>
      request({ method: 'POST', path: '/api/v1/session', schema: SessionSchema, body: { api_key: apiKey }, signedOutOn401: false }).then(
        (r) => r.data,
      ),
    /** Already signed out (401) is as good as signed out now. */
    signOut: () =>
      request({ method: 'DELETE', path: '/api/v1/session', schema: NoContentSchema, signedOutOn401: false }).then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof ApiProblemError && error.status === 401)) throw error;
        },
      ),
    listDeviceKeys: (siteId: string, signal?: AbortSignal) =>
      request({ path: keysPath(siteId), schema: DeviceKeyListSchema, signal }).then((r) => r.data.data),
    /** The answer holds the secret `key`: the only time it is ever sent. */
    createDeviceKey: (siteId: string, body: CreateDeviceKeyRequest) =>
      request({ method: 'POST', path: keysPath(siteId), schema: CreatedDeviceKeySchema, body }).then((r) => r.data),
    revokeDeviceKey: (siteId: string, keyId: string) =>
      request({ method: 'DELETE', path: `${keysPath(siteId)}/${encodeURIComponent(keyId)}`, schema: DeviceKeySchema }).then((r) => r.data),
  };
}
