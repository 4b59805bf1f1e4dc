import { createApiClient } from './api.client';
import { connectionStatus } from './connection-status.svelte';

/** The dashboard's API client: same origin as the gateway that serves it. */
export const api = createApiClient({
  fetch: (input, init) => fetch(input, init),
  onReachability: (reachable) => connectionStatus.report(reachable),
});

export { connectionStatus } from './connection-status.svelte';
export * from './api-errors';
export type { ApiClient, IngestV2Body } from './api.client';
