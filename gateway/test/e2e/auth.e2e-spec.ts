import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import {
  CreatedDeviceKeySchema,
  type CreatedDeviceKey,
  DeviceKeyListSchema,
  DeviceKeySchema,
  SessionSchema,
  SiteListSchema,
  type Site,
  SiteSchema,
} from '@emissions/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayRoutes } from '../../src/openapi/gateway-routes';
import { RateLimiter } from '../../src/rate-limits/rate-limiter.service';
import { hoursAgo, ingestBody, useContractStack } from '../support/contract.stack';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { bearer, expectProblem, type HttpResult, http, TEST_OPERATOR_KEY } from '../support/http';

const reading = (hours = 1, value = '2.5', sensor = 'ch4-north') => ({ timestamp: hoursAgo(hours), value, sensor_id: sensor });
/** A well-formed device key nobody ever made. */
const unknownDeviceKey = () => `emk_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`;

// Who may write what: the real gateway and services, every route tried without, with a malformed, an unknown and a revoked key.
describe('authentication and authorization', () => {
  const stack = useContractStack();
  const { newSite } = stack;
  const call = (path: string, options: Parameters<typeof http>[2] = {}) => http(stack.gateway().baseUrl, path, options);
  const newKey = async (site: Site, label?: string): Promise<CreatedDeviceKey> => {
    const res = await call(`/api/v1/sites/${site.id}/keys`, { json: label ? { label } : {} });
    expect(res.status, res.text).toBe(201);
    return CreatedDeviceKeySchema.parse(res.body);
  };
  const siteState = async (site: Site) => {
    const metrics = await call(`/api/v1/sites/${site.id}/metrics`);
    expect(metrics.status, metrics.text).toBe(200);
    const { total_emissions_to_date, measurement_count, batch_count } = metrics.body as Record<string, unknown>;
    return { total_emissions_to_date, measurement_count, batch_count };
  };
  const siteCount = async () => SiteListSchema.parse((await call('/api/v1/sites?limit=500')).body).data.length;
  const keyCount = async (site: Site) => DeviceKeyListSchema.parse((await call(`/api/v1/sites/${site.id}/keys`)).body).data.length;

  let siteA: Site;
  let siteB: Site;
  let deviceA: CreatedDeviceKey;
  let revoked: CreatedDeviceKey;
  beforeAll(async () => {
    [siteA, siteB] = [await newSite(), await newSite()];
    deviceA = await newKey(siteA, 'north flare meter');
    revoked = await newKey(siteA);
    expect((await call(`/api/v1/sites/${siteA.id}/keys/${revoked.id}`, { method: 'DELETE' })).status).toBe(200);
  });

  /** Every documented route, its path filled, with a body that would be valid for an operator. */
  const protectedRoutes = () =>
    gatewayRoutes()
      .filter((r) => r.access !== 'public')
      .map((route) => {
        const path = route.path.replace('{id}', siteA.id).replace('{keyId}', deviceA.id);
        const json =
          route.method !== 'post'
            ? undefined
            : path.endsWith('/keys')
              ? { label: 'should not exist' }
              : path.endsWith('/sites')
                ? { name: `Intruder ${randomUUID()}`, emission_limit: '1' }
                : path.includes('ingest')
                  ? path.includes('v2')
                    ? { site_id: siteA.id, readings: [{ sensor_id: 's', measured_at: hoursAgo(2), value: '1', unit: 'kg' }] }
                    : { site_id: siteA.id, readings: [reading(2, '1', `intruder-${randomUUID()}`)] }
                  : {};
        return { label: `${route.method.toUpperCase()} ${route.path}`, path, method: route.method.toUpperCase(), json };
      });

  it('refuses every protected route without a credential, or with a malformed, unknown or revoked key, and writes nothing', async () => {
    const before = { sites: await siteCount(), keys: await keyCount(siteA), a: await siteState(siteA) };
    const credentials: Array<[string, Record<string, string>, string]> = [
      ['none', {}, 'Bearer realm="emissions"'],
      ['malformed', { authorization: 'Basic b3BlcmF0b3I6c2VjcmV0' }, 'Bearer realm="emissions", error="invalid_token"'],
      ['unknown device key', bearer(unknownDeviceKey()), 'Bearer realm="emissions", error="invalid_token"'],
      ['unknown operator-looking key', bearer(`${TEST_OPERATOR_KEY}x`), 'Bearer realm="emissions", error="invalid_token"'],
      ['revoked', bearer(revoked.key), 'Bearer realm="emissions", error="invalid_token"'],
    ];
    const routes = protectedRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const route of routes) {
      for (const [name, headers, challenge] of credentials) {
        const res = await call(route.path, {
          method: route.method,
          json: route.json,
          headers: { 'idempotency-key': randomUUID(), ...headers },
          auth: false,
        });
        expectProblem(res, 'unauthorized');
        expect(res.headers.get('www-authenticate'), `${route.label} with ${name}`).toBe(challenge);
      }
    }
    expect({ sites: await siteCount(), keys: await keyCount(siteA), a: await siteState(siteA) }).toEqual(before);
  });

  it('serves the public routes without a credential', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/api/openapi.json', '/problems/unauthorized']) {
      expect((await call(path, { auth: false })).status, path).toBe(200);
    }
    for (const route of gatewayRoutes().filter((r) => r.access === 'public'))
      expect(route.path).not.toMatch(/\/(sites|ingest|alerts|stream)/);
    // The refusals of the test above are counted for operators to watch.
    const metrics = await call('/metrics', { auth: false });
    expect(metrics.text).toMatch(/^http_access_refusals_total\{code="unauthorized"\} [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^ingest_requests_total\{outcome="invalid"\} [1-9]\d*$/m);
  });

  it('lets a device key ingest into its own site (v1 and v2) and read that site', async () => {
    const v1 = ingestBody(await call('/api/v1/ingest', { json: { site_id: siteA.id, readings: [reading(3)] }, auth: deviceA.key }));
    expect(v1.readings_accepted).toBe(1);
    const v2 = await call('/api/v2/ingest', {
      json: { site_id: siteA.id, readings: [{ sensor_id: 'ch4-north', measured_at: hoursAgo(4), value: '500', unit: 'g' }] },
      headers: { 'idempotency-key': randomUUID() },
      auth: deviceA.key,
    });
    expect(ingestBody(v2).total_emissions_to_date).toBe('3');
    expect(SiteSchema.parse((await call(`/api/v1/sites/${siteA.id}`, { auth: deviceA.key })).body).id).toBe(siteA.id);
    expect((await call(`/api/v1/sites/${siteA.id}/metrics`, { auth: deviceA.key })).status).toBe(200);
    const who = SessionSchema.parse((await call('/api/v1/session', { auth: deviceA.key })).body);
    expect(who).toEqual({ kind: 'device', via: 'bearer', site_id: siteA.id, expires_at: null });
  });

  it('refuses a device key on another site, on site creation, on key management and on operator reads (403, nothing written)', async () => {
    const before = { sites: await siteCount(), keysA: await keyCount(siteA), keysB: await keyCount(siteB), b: await siteState(siteB) };
    const attempts: Array<[string, Parameters<typeof http>[2]]> = [
      ['/api/v1/ingest', { json: { site_id: siteB.id, readings: [reading(5)] } }],
      ['/api/ingest', { json: { site_id: siteB.id, readings: [reading(5)] } }],
      [
        '/api/v2/ingest',
        {
          json: { site_id: siteB.id, readings: [{ sensor_id: 's', measured_at: hoursAgo(5), value: 1, unit: 'kg' }] },
          headers: { 'idempotency-key': randomUUID() },
        },
      ],
      // An unknown site is refused the same way: a device key learns nothing about other sites.
      ['/api/v1/ingest', { json: { site_id: randomUUID(), readings: [reading(5)] } }],
      ['/api/v1/sites', { json: { name: `Device-made ${randomUUID()}`, emission_limit: 5 } }],
      [`/api/v1/sites/${siteA.id}/keys`, { json: {} }],
      [`/api/v1/sites/${siteA.id}/keys`, {}],
      [`/api/v1/sites/${siteA.id}/keys/${deviceA.id}`, { method: 'DELETE' }],
      [`/api/v1/sites/${siteB.id}`, {}],
      [`/api/v1/sites/${siteB.id}/metrics`, {}],
      ['/api/v1/sites', {}],
      ['/api/v1/alerts', {}],
      ['/api/v1/stream', {}],
    ];
    for (const [path, options] of attempts) {
      const res = await call(path, { ...options, auth: deviceA.key });
      expect(res.status, `${options?.method ?? (options?.json ? 'POST' : 'GET')} ${path}: ${res.text}`).toBe(403);
      expectProblem(res, 'forbidden');
    }
    expect({ sites: await siteCount(), keysA: await keyCount(siteA), keysB: await keyCount(siteB), b: await siteState(siteB) }).toEqual(
      before,
    );
    expect((await call(`/api/v1/sites/${siteA.id}/keys/${deviceA.id}`, { method: 'DELETE', auth: false })).status).toBe(401);
  });

  it('manages device keys: shown once, listed by prefix, revoked idempotently; another site’s key id is not found', async () => {
    const key = await newKey(siteB, 'south tank');
    expect(key.key.startsWith(`emk_${key.prefix}_`)).toBe(true);
    const listed = DeviceKeyListSchema.parse((await call(`/api/v1/sites/${siteB.id}/keys`)).body).data;
    expect(listed[0]).toEqual({
      id: key.id,
      site_id: siteB.id,
      kind: 'device',
      prefix: key.prefix,
      label: 'south tank',
      created_at: key.created_at,
      revoked_at: null,
    });
    expect(JSON.stringify(listed)).not.toContain(key.key);
    expectProblem(await call(`/api/v1/sites/${siteA.id}/keys/${key.id}`, { method: 'DELETE' }), 'api_key_not_found');
    const first = DeviceKeySchema.parse((await call(`/api/v1/sites/${siteB.id}/keys/${key.id}`, { method: 'DELETE' })).body);
    const again = DeviceKeySchema.parse((await call(`/api/v1/sites/${siteB.id}/keys/${key.id}`, { method: 'DELETE' })).body);
    expect(first.revoked_at).not.toBeNull();
    expect(again).toEqual(first);
    expectProblem(await call(`/api/v1/sites/${randomUUID()}/keys`, { json: {} }), 'site_not_found');
    expectProblem(await call(`/api/v1/sites/${siteB.id}/keys`, { json: { label: '' } }), 'validation_failed');
    // No body at all is fine too.
    expect((await call(`/api/v1/sites/${siteB.id}/keys`, { method: 'POST' })).status).toBe(201);
  });

  it('never replays one client’s stored response to another: the same key and payload from two clients are two batches', async () => {
    const site = await newSite();
    const device = await newKey(site);
    const idem = { 'idempotency-key': `shared-${randomUUID()}` };
    const payload = { site_id: site.id, readings: [reading(6, '7'), reading(7, '8')] };
    const byDevice = await call('/api/v1/ingest', { json: payload, headers: idem, auth: device.key });
    const byOperator = await call('/api/v1/ingest', { json: payload, headers: idem });
    expect(byOperator.headers.get('idempotent-replayed')).toBeNull();
    expect(ingestBody(byOperator)).toMatchObject({ readings_accepted: 0, readings_duplicate: 2, total_emissions_to_date: '15' });
    expect(ingestBody(byOperator).batch_id).not.toBe(ingestBody(byDevice).batch_id);
    // The device's own retry is still its replay.
    const retry = await call('/api/v1/ingest', { json: payload, headers: idem, auth: device.key });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(byDevice.body);
    expect(await siteState(site)).toEqual({ total_emissions_to_date: '15', measurement_count: 2, batch_count: 2 });
  });

  describe('with a second gateway replica and strict limits', () => {
    let replica: RunningGateway;
    let strict: RunningGateway;
    beforeAll(async () => {
      replica = await startGateway(stack.service().gatewayEnv());
      strict = await startGateway({
        ...stack.service().gatewayEnv(),
        RATE_LIMIT_AUTH_FAILURES_BURST: '5',
        RATE_LIMIT_AUTH_FAILURES_PER_MIN: '1',
      });
    });
    afterAll(async () => {
      await replica?.close();
      await strict?.close();
    });

    it('makes a revocation effective on the very next request, at every replica', async () => {
      const site = await newSite();
      const device = await newKey(site);
      const ingest = (gw: RunningGateway, hours: number) =>
        http(gw.baseUrl, '/api/v1/ingest', { json: { site_id: site.id, readings: [reading(hours)] }, auth: device.key });
      expect((await ingest(replica, 1)).status).toBe(201);
      expect((await http(stack.gateway().baseUrl, `/api/v1/sites/${site.id}/keys/${device.id}`, { method: 'DELETE' })).status).toBe(200);
      expectProblem(await ingest(replica, 2), 'unauthorized');
      expectProblem(await ingest(stack.gateway(), 3), 'unauthorized');
      expect(await siteState(site)).toMatchObject({ total_emissions_to_date: '2.5', measurement_count: 1 });
    });

    it('slows a brute-force loop of bad keys to 429 with Retry-After, yet lets the operator key in from that address', async () => {
      const outcomes: number[] = [];
      for (let i = 0; i < 12; i++) outcomes.push((await http(strict.baseUrl, '/api/v1/sites', { auth: unknownDeviceKey() })).status);
      expect(outcomes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(outcomes.slice(5))).toEqual(new Set([429]));
      const blocked = await http(strict.baseUrl, '/api/v1/sites', { auth: unknownDeviceKey() });
      expectProblem(blocked, 'rate_limited');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // A NAT full of devices must not be locked out by one of them: the right key still works (issue 11, finding 3).
      expect((await http(strict.baseUrl, '/api/v1/sites')).status).toBe(200);
      const signIn = await http(strict.baseUrl, '/api/v1/session', { json: { api_key: TEST_OPERATOR_KEY }, auth: false });
      expect(signIn.status, signIn.text).toBe(200);
      expectProblem(await http(strict.baseUrl, '/api/v1/session', { json: { api_key: 'not-the-key' }, auth: false }), 'rate_limited');
    });

    it('limits the operator key by its own budget and by its address, both checked in one round trip', async () => {
      // Gateways of their own (each counts in buckets of its own).
      const env = stack.service().gatewayEnv();
      const byKey = await startGateway({ ...env, RATE_LIMIT_OPERATOR_BURST: '3', RATE_LIMIT_OPERATOR_PER_MIN: '1' });
      const byAddress = await startGateway({ ...env, RATE_LIMIT_ADDRESS_BURST: '2', RATE_LIMIT_ADDRESS_PER_MIN: '1' });
      try {
        // Until its Redis connection is up a new gateway's limits fail open (by design): count from then on.
        for (const gw of [byKey, byAddress]) await vi.waitFor(() => expect(gw.app.get(RateLimiter).connected).toBe(true));
        const statuses = async (gw: RunningGateway, n: number) => {
          const list: number[] = [];
          for (let i = 0; i < n; i++) list.push((await http(gw.baseUrl, '/api/v1/sites')).status);
          return list;
        };
        expect(await statuses(byKey, 5)).toEqual([200, 200, 200, 429, 429]);
        const refused = await http(byKey.baseUrl, '/api/v1/sites');
        expectProblem(refused, 'rate_limited');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(await statuses(byAddress, 4)).toEqual([200, 200, 429, 429]);
        // The operator's requests spent the address's budget: another credential from that address waits too.
        const site = await newSite();
        const device = await newKey(site);
        expectProblem(await http(byAddress.baseUrl, `/api/v1/sites/${site.id}`, { auth: device.key }), 'rate_limited');
      } finally {
        await byKey.close();
        await byAddress.close();
      }
    });

    it('limits a device key by its own budget without touching another device', async () => {
      // A gateway of its own: the brute-force test above has used up this address's failure budget on `strict`.
      const limited = await startGateway({ ...stack.service().gatewayEnv(), RATE_LIMIT_DEVICE_BURST: '3', RATE_LIMIT_DEVICE_PER_MIN: '1' });
      try {
        const site = await newSite();
        const [chatty, quiet] = [await newKey(site), await newKey(site)];
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await http(limited.baseUrl, `/api/v1/sites/${site.id}`, { auth: chatty.key })).status);
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
        const ingest = await http(limited.baseUrl, '/api/v1/ingest', {
          json: { site_id: site.id, readings: [reading(1)] },
          auth: quiet.key,
        });
        expect(ingest.status, ingest.text).toBe(201);
      } finally {
        await limited.close();
      }
    });
  });

  describe('dashboard sessions', () => {
    const signIn = async (origin?: string) => {
      const res = await call('/api/v1/session', { json: { api_key: TEST_OPERATOR_KEY }, auth: false, headers: origin ? { origin } : {} });
      return res;
    };
    const cookieOf = (res: HttpResult) => (res.headers.get('set-cookie') ?? '').split(';')[0];

    it('exchanges the operator key for an HttpOnly, SameSite=Strict cookie that authenticates reads', async () => {
      const res = await signIn(stack.gateway().baseUrl);
      expect(res.status, res.text).toBe(200);
      expect(SessionSchema.parse(res.body)).toMatchObject({ kind: 'operator', via: 'cookie', site_id: null });
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^emissions_session=[\w-]+\.[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
      const who = await call('/api/v1/session', { auth: false, headers: { cookie: cookieOf(res) } });
      expect(SessionSchema.parse(who.body).via).toBe('cookie');
      expect((await call('/api/v1/sites', { auth: false, headers: { cookie: cookieOf(res) } })).status).toBe(200);
    });

    it('accepts a state change with the cookie only from the dashboard’s own origin', async () => {
      const cookie = cookieOf(await signIn());
      const create = (headers: Record<string, string>) =>
        call('/api/v1/sites', {
          json: { name: `Cookie ${randomUUID()}`, emission_limit: 9 },
          auth: false,
          headers: { cookie, ...headers },
        });
      const before = await siteCount();
      expectProblem(await create({ origin: 'http://evil.example' }), 'forbidden');
      expectProblem(await create({ referer: 'http://evil.example/page' }), 'forbidden');
      expectProblem(await create({}), 'forbidden');
      expect(await siteCount()).toBe(before);
      expect((await create({ origin: stack.gateway().baseUrl })).status).toBe(201);
      expect(await siteCount()).toBe(before + 1);
    });

    it('refuses sign-in with a device key (403), a wrong key (401) or from another origin (403)', async () => {
      const device = await call('/api/v1/session', { json: { api_key: deviceA.key }, auth: false });
      expectProblem(device, 'forbidden');
      const wrong = await call('/api/v1/session', { json: { api_key: 'not-the-key' }, auth: false });
      expectProblem(wrong, 'unauthorized');
      expect(wrong.headers.get('www-authenticate')).toContain('invalid_token');
      expectProblem(await signIn('http://evil.example'), 'forbidden');
      for (const res of [device, wrong]) expect(res.headers.get('set-cookie')).toBeNull();
    });

    it('signs out by clearing the cookie; a tampered cookie is no session', async () => {
      const cookie = cookieOf(await signIn());
      const out = await call('/api/v1/session', { method: 'DELETE', auth: false, headers: { cookie } });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^emissions_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
      const tampered = `${cookie.slice(0, -3)}abc`;
      expectProblem(await call('/api/v1/session', { auth: false, headers: { cookie: tampered } }), 'unauthorized');
    });

    it('ends the session on the server: the signed-out cookie is refused afterwards, at every replica (issue 11, finding 6)', async () => {
      const secret = stack.gateway().env.SESSION_SECRET;
      const replica = await startGateway({ ...stack.service().gatewayEnv(), SESSION_SECRET: secret });
      try {
        const cookie = cookieOf(await signIn());
        const other = cookieOf(await signIn());
        for (const gw of [stack.gateway(), replica]) {
          expect((await http(gw.baseUrl, '/api/v1/sites', { auth: false, headers: { cookie } })).status).toBe(200);
        }
        expect((await call('/api/v1/session', { method: 'DELETE', auth: false, headers: { cookie } })).status).toBe(204);
        for (const gw of [stack.gateway(), replica]) {
          const replayed = await http(gw.baseUrl, '/api/v1/sites', { auth: false, headers: { cookie } });
          expectProblem(replayed, 'unauthorized');
          expectProblem(await http(gw.baseUrl, '/api/v1/session', { auth: false, headers: { cookie } }), 'unauthorized');
          // Only that session ended: another one signed in alongside carries on.
          expect((await http(gw.baseUrl, '/api/v1/sites', { auth: false, headers: { cookie: other } })).status).toBe(200);
        }
        // Signing out twice is still a success, and the replayed sign-out does not revive anything.
        expect((await call('/api/v1/session', { method: 'DELETE', auth: false, headers: { cookie } })).status).toBe(204);
        expectProblem(await call('/api/v1/sites', { auth: false, headers: { cookie } }), 'unauthorized');
      } finally {
        await replica.close();
      }
    });
  });

  describe('development loopback access', () => {
    let open: RunningGateway;
    beforeAll(async () => {
      open = await startGateway({ ...stack.service().gatewayEnv(), ANONYMOUS_LOOPBACK: 'true' });
    });
    afterAll(() => open?.close());

    it('acts as the operator for a loopback request without a credential, but still judges a presented key', async () => {
      const created = await http(open.baseUrl, '/api/v1/sites', {
        json: { name: `Local ${randomUUID()}`, emission_limit: 3 },
        headers: { origin: open.baseUrl },
        auth: false,
      });
      expect(created.status, created.text).toBe(201);
      expect(SessionSchema.parse((await http(open.baseUrl, '/api/v1/session', { auth: false })).body).via).toBe('loopback');
      expectProblem(await http(open.baseUrl, '/api/v1/sites', { auth: unknownDeviceKey() }), 'unauthorized');
      expectProblem(await http(open.baseUrl, '/api/v1/sites', { auth: deviceA.key }), 'forbidden');
    });

    it('does not apply to a Host other than this machine (a DNS-rebinding page)', async () => {
      const port = new URL(open.baseUrl).port;
      expectProblem(await hostRequest(open.baseUrl, 'GET', '/api/v1/sites', { host: 'evil.example' }), 'unauthorized');
      expectProblem(await hostRequest(open.baseUrl, 'GET', '/api/v1/session', { host: `evil.example:${port}` }), 'unauthorized');
      expect((await hostRequest(open.baseUrl, 'GET', '/api/v1/sites', { host: `localhost:${port}` })).status).toBe(200);
      expect((await hostRequest(open.baseUrl, 'GET', '/api/v1/sites', { host: `[::1]:${port}` })).status).toBe(200);
    });

    it('changes state only for the gateway’s own page: a cross-origin or origin-less POST is anonymous', async () => {
      const site = await newSite();
      const ack = `/api/v1/alerts/${randomUUID()}/acknowledge`;
      const keys = `/api/v1/sites/${site.id}/keys`;
      const before = await keyCount(site);
      expectProblem(
        await http(open.baseUrl, keys, { method: 'POST', auth: false, headers: { origin: 'http://evil.example' } }),
        'unauthorized',
      );
      expectProblem(
        await http(open.baseUrl, keys, { method: 'POST', auth: false, headers: { 'sec-fetch-site': 'cross-site' } }),
        'unauthorized',
      );
      expectProblem(await http(open.baseUrl, keys, { method: 'POST', auth: false }), 'unauthorized');
      expectProblem(
        await http(open.baseUrl, ack, { method: 'POST', auth: false, headers: { origin: 'http://evil.example' } }),
        'unauthorized',
      );
      expect(await keyCount(site)).toBe(before);
      const sameOrigin = await http(open.baseUrl, keys, { method: 'POST', auth: false, headers: { origin: open.baseUrl } });
      expect(sameOrigin.status, sameOrigin.text).toBe(201);
      const fetchMetadata = await http(open.baseUrl, keys, { method: 'POST', auth: false, headers: { 'sec-fetch-site': 'same-origin' } });
      expect(fetchMetadata.status, fetchMetadata.text).toBe(201);
      expect(await keyCount(site)).toBe(before + 2);
    });
  });
});

/** A request with a Host header of the test's choosing (fetch sends the URL's), on a connection to the gateway. */
function hostRequest(baseUrl: string, method: string, path: string, headers: Record<string, string>): Promise<HttpResult> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: url.pathname, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body, text });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
