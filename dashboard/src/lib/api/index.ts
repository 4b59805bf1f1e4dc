import { goToSignIn } from '$lib/auth/sign-in-redirect';
import { createApiClient } from './api.client';
import { connectionStatus } from './connection-status.svelte';

/** The dashboard's API client: same origin as the gateway that serves it (the session cookie goes along). */
export const api = createApiClient({
  fetch: (input, init) => fetch(input, init),
  onReachability: (reachable) => connectionStatus.report(reachable),
  onUnauthorized: () => goToSignIn(),
});

export { connectionStatus } from './connection-status.svelte';
export * from './api-errors';
export type { ApiClient, IngestV2Body } from './api.client';
