import { describe, expect, it } from 'vitest';
import { createApiClient, type FetchLike } from './api.client';
import { ApiContractError, ApiNetworkError, ApiProblemError, describeApiError } from './api-errors';

const SITE = {
  id: '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01',
  name: 'Permian 7',
  emission_limit: '1000',
  metadata: {},
  total_emissions_to_date: '12.5',
  compliance_status: 'Within Limit',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function clientAnswering(answer: FetchLike, timeoutMs = 1_000) {
  const reachability: boolean[] = [];
  return { reachability, client: createApiClient({ fetch: answer, timeoutMs, onReachability: (r) => reachability.push(r) }) };
}

describe('api client', () => {
  it('parses a response with the shared schema', async () => {
    const { client } = clientAnswering(async () => json(SITE));
    await expect(client.getSite(SITE.id)).resolves.toMatchObject({ name: 'Permian 7', total_emissions_to_date: '12.5' });
  });

  it('follows next_cursor until every site is listed', async () => {
    const urls: string[] = [];
    const { client } = clientAnswering(async (url) => {
      urls.push(url);
      return url.includes('cursor=')
        ? json({ data: [{ ...SITE, id: '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c02' }] })
        : json({ data: [SITE], next_cursor: 'c1' });
    });
    expect(await client.listSites()).toHaveLength(2);
    expect(urls[1]).toContain('cursor=c1');
  });

  it('turns a problem document into an ApiProblemError with its code and field errors', async () => {
    const problem = {
      type: '/problems/validation-failed',
      title: 'Request body is invalid',
      status: 400,
      detail: 'name: must not be empty',
      instance: '/api/v1/sites',
      code: 'validation_failed',
      request_id: 'abc',
      errors: [{ path: 'name', code: 'too_small', message: 'must not be empty' }],
    };
    const { client, reachability } = clientAnswering(async () => json(problem, 400));
    const error = await client.createSite({ name: '', emission_limit: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblemError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', requestId: 'abc', fieldErrors: [{ path: 'name' }] });
    expect(reachability).toEqual([true]); // an error answer still proves the API is up
  });

  it('keeps an unparseable error body out of the message', async () => {
    const { client } = clientAnswering(async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await client.getSite(SITE.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'unexpected_response' });
    expect(describeApiError(error)).not.toContain('<html>');
  });

  it('reports a failed connection as a network error and the API as unreachable', async () => {
    const { client, reachability } = clientAnswering(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await client.getSite(SITE.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect(error).toBeInstanceOf(ApiNetworkError);
    expect(reachability).toEqual([false]);
  });

  it('reports a request that outlives its timeout as a timeout', async () => {
    const hang: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const { client } = clientAnswering(hang, 20);
    await expect(client.getSite(SITE.id)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('flags a 2xx body that breaks the contract without showing it', async () => {
    const { client } = clientAnswering(async () => json({ ...SITE, total_emissions_to_date: 12.5 }));
    const error = await client.getSite(SITE.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiContractError);
    expect(describeApiError(error)).toBe('The server sent a response this dashboard does not understand.');
  });

  it('reads Idempotent-Replayed from an ingest answer', async () => {
    const body = {
      batch_id: SITE.id,
      site_id: SITE.id,
      idempotency_key: 'k',
      readings_received: 1,
      readings_accepted: 1,
      readings_duplicate: 0,
      readings_conflicting: 0,
      conflicts: [],
      total_emissions_to_date: '1',
      compliance_status: 'Within Limit',
      accepted_at: '2026-01-01T00:00:00Z',
    };
    const { client } = clientAnswering(async () => json(body, 201, { 'Idempotent-Replayed': 'true' }));
    const result = await client.ingestV2({ site_id: SITE.id, readings: [] }, 'k');
    expect(result.replayed).toBe(true);
  });
});

const problemOf = (status: number, code: string, detail: string) => ({
  type: `/problems/${code}`,
  title: code,
  status,
  detail,
  instance: '/api/v1/sites',
  code,
  request_id: 'r1',
});

function clientWithSignOutSpy(answer: FetchLike) {
  const signedOut: ApiProblemError[] = [];
  const client = createApiClient({ fetch: answer, onUnauthorized: (problem) => signedOut.push(problem) });
  return { client, signedOut };
}

describe('api client: signed out and not allowed', () => {
  it('treats a 401 on any request as signed out, and still fails that request', async () => {
    const { client, signedOut } = clientWithSignOutSpy(async () => json(problemOf(401, 'unauthorized', 'Sign in first'), 401));
    await expect(client.getSiteMetrics(SITE.id)).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    await expect(client.createSite({ name: 'A', emission_limit: '1' })).rejects.toBeInstanceOf(ApiProblemError);
    expect(signedOut).toHaveLength(2);
  });

  it('treats a 401 from a proxy without a problem body as signed out too', async () => {
    const { client, signedOut } = clientWithSignOutSpy(async () => new Response('nope', { status: 401 }));
    await expect(client.listSites()).rejects.toMatchObject({ status: 401 });
    expect(signedOut).toHaveLength(1);
  });

  it('shows a wrong key on the sign-in form instead of treating it as signed out', async () => {
    const { client, signedOut } = clientWithSignOutSpy(async () => json(problemOf(401, 'unauthorized', 'The key is not valid'), 401));
    const error = await client.signIn('wrong').catch((e: unknown) => e);
    expect(describeApiError(error)).toBe('You are signed out. Sign in again to continue.');
    expect(error).toMatchObject({ detail: 'The key is not valid' });
    expect(signedOut).toEqual([]);
  });

  it('reports a 403 as not allowed, without signing out', async () => {
    const { client, signedOut } = clientWithSignOutSpy(async () =>
      json(problemOf(403, 'forbidden', 'This key may only write to its own site.'), 403),
    );
    const error = await client.createDeviceKey(SITE.id, {}).catch((e: unknown) => e);
    expect(describeApiError(error)).toBe('Not allowed: This key may only write to its own site.');
    expect(signedOut).toEqual([]);
  });

  it('signs in with the key in the body and reads the session', async () => {
    const sent: RequestInit[] = [];
    const session = { kind: 'operator', via: 'cookie', site_id: null, expires_at: '2026-01-01T12:00:00Z' };
    const { client } = clientWithSignOutSpy(async (_url, init) => {
      sent.push(init ?? {});
      return json(session);
    });
    await expect(client.signIn('operator-key')).resolves.toEqual(session);
    expect(sent[0]).toMatchObject({ method: 'POST', body: JSON.stringify({ api_key: 'operator-key' }) });
  });

  it('signs out on 204, and counts an already-expired session (401) as signed out', async () => {
    const signOut204 = clientWithSignOutSpy(async () => new Response(null, { status: 204 }));
    await expect(signOut204.client.signOut()).resolves.toBeUndefined();
    const signOut401 = clientWithSignOutSpy(async () => json(problemOf(401, 'unauthorized', 'No session'), 401));
    await expect(signOut401.client.signOut()).resolves.toBeUndefined();
    expect(signOut401.signedOut).toEqual([]);
  });
});
