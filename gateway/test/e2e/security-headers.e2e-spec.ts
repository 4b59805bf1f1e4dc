import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SiteListSchema } from '@emissions/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useContractStack } from '../support/contract.stack';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { expectProblem, type HttpResult, http } from '../support/http';

// Hardening seen from outside: security headers and CSP on every kind of response, CORS closed unless
// configured, the JSON depth limit, TRUST_PROXY and HSTS in production.

const ALLOWED_ORIGIN = 'https://ops.example.com';
const OTHER_ORIGIN = 'https://evil.example.net';
const BOOT_SCRIPT = '\n  window.booted = true;\n';

/** A dashboard build of two pages with an inline bootstrap script, as SvelteKit writes them. */
function fixtureDashboard(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-csp-'));
  const page = `<!doctype html><html><head><script src="./_app/start.js"></script></head><body><script>${BOOT_SCRIPT}</script></body></html>`;
  writeFileSync(join(dir, 'index.html'), page);
  writeFileSync(join(dir, '200.html'), page);
  return dir;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** `a x; b y z` → { a: ['x'], b: ['y', 'z'] } */
function cspOf(res: HttpResult): Record<string, string[]> {
  const policy = res.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

function expectSecurityHeaders(res: HttpResult): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(res.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()');
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
}

const accessControlHeaders = (res: HttpResult) => [...res.headers.keys()].filter((name) => name.startsWith('access-control-'));

const nested = (levels: number, inner: unknown = 1): unknown => (levels === 0 ? inner : nested(levels - 1, [inner]));

const dashboardDir = fixtureDashboard();
afterAll(() => rmSync(dashboardDir, { recursive: true, force: true }));

describe('with the real services, CORS configured and a dashboard build', () => {
  const stack = useContractStack({ ANONYMOUS_LOOPBACK: 'true', CORS_ORIGINS: `${ALLOWED_ORIGIN}/`, DASHBOARD_DIR: dashboardDir });
  const { get, post, newSite } = stack;
  const request = (path: string, method: string, headers: Record<string, string>) =>
    http(stack.gateway().baseUrl, path, { method, headers });

  describe('security headers', () => {
    it('are on API responses, problems, parser rejections, dashboard files, docs and problem pages', async () => {
      const body = { body: '{"name":', headers: { 'content-type': 'application/json' } };
      const responses = await Promise.all([
        get('/api/v1/sites'),
        get('/api/v1/nope'),
        http(stack.gateway().baseUrl, '/api/v1/sites', body),
        get('/health/live'),
        get('/metrics'),
        http(stack.gateway().baseUrl, '/', { headers: { accept: 'text/html' } }),
        http(stack.gateway().baseUrl, '/sites/some/page', { headers: { accept: 'text/html' } }),
        get('/api/docs'),
        get('/api/docs/swagger-ui.css'),
        get('/problems/validation-failed'),
      ]);
      expect(responses.map((r) => r.status)).toEqual([200, 404, 400, 200, 200, 200, 200, 200, 200, 200]);
      for (const res of responses) expectSecurityHeaders(res);
      expect(responses.every((r) => r.headers.get('strict-transport-security') === null)).toBe(true);
    });

    it('give API responses and problems a policy that loads nothing', async () => {
      for (const res of [await get('/api/v1/sites'), await get('/api/v1/nope'), await get('/health/ready')]) {
        expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      }
    });

    it("give the dashboard 'self' plus the hashes of its inline scripts, and no unsafe script source", async () => {
      const page = await http(stack.gateway().baseUrl, '/', { headers: { accept: 'text/html' } });
      expect(page.text).toContain(BOOT_SCRIPT);
      expect(cspOf(page)).toEqual({
        'default-src': ["'self'"],
        'script-src': ["'self'", sha256(BOOT_SCRIPT)],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      });
    });

    it('let the API reference load its own scripts only (it inlines none)', async () => {
      const docs = await get('/api/docs');
      expect(docs.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(cspOf(docs)).toMatchObject({ 'script-src': ["'self'"], 'connect-src': ["'self'"], 'img-src': ["'self'", 'data:'] });
    });

    it("allow a problem page's own inline stylesheet by hash and nothing else", async () => {
      const page = await get('/problems/site-not-found');
      const style = /<style>([\s\S]*?)<\/style>/.exec(page.text)?.[1];
      expect(style).toBeDefined();
      expect(cspOf(page)).toMatchObject({ 'default-src': ["'none'"], 'style-src': [sha256(style ?? '')] });
    });
  });

  describe('CORS with CORS_ORIGINS set', () => {
    it('answers a preflight from a listed origin with 204 and the allowed methods and headers', async () => {
      const res = await request('/api/v1/ingest', 'OPTIONS', {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');
      expect(res.headers.get('access-control-allow-headers')).toBe(
        'Authorization, Content-Type, Idempotency-Key, X-Request-Id, Last-Event-ID',
      );
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('vary')).toContain('Origin');
      expectSecurityHeaders(res);
    });

    it('lets a listed origin read responses and problems, with the headers clients need exposed', async () => {
      for (const path of ['/api/v1/sites', `/api/v1/sites/${randomUUID()}`]) {
        const res = await request(path, 'GET', { origin: ALLOWED_ORIGIN });
        expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
        expect(res.headers.get('access-control-expose-headers')).toBe(
          'X-Request-Id, API-Version, Idempotent-Replayed, Retry-After, Location',
        );
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
        expect(res.headers.get('vary')).toContain('Origin');
      }
    });

    it('gives any other origin nothing: no CORS headers, and its preflight stays a 405 problem', async () => {
      const read = await request('/api/v1/sites', 'GET', { origin: OTHER_ORIGIN });
      expect(read.status).toBe(200);
      expect(accessControlHeaders(read)).toEqual([]);
      expect(read.headers.get('vary')).toContain('Origin');
      const preflight = await request('/api/v1/sites', 'OPTIONS', { origin: OTHER_ORIGIN, 'access-control-request-method': 'POST' });
      expectProblem(preflight, 'method_not_allowed');
      expect(accessControlHeaders(preflight)).toEqual([]);
    });

    it('is limited to /api', async () => {
      const res = await request('/health/live', 'GET', { origin: ALLOWED_ORIGIN });
      expect(accessControlHeaders(res)).toEqual([]);
    });
  });

  describe('JSON depth limit', () => {
    const tooDeep = [{ path: '', code: 'too_deep', message: 'must be nested at most 32 levels deep' }];

    it('accepts a body nested exactly 32 levels deep', async () => {
      // the body (1) → metadata (2) → 30 arrays = 32 levels
      const res = await post('/api/v1/sites', { name: `Deep ${randomUUID()}`, emission_limit: '1', metadata: { deep: nested(30) } });
      expect(res.status, res.text).toBe(201);
    });

    it('rejects a body one level deeper with 400 validation_failed and creates nothing', async () => {
      const name = `Too deep ${randomUUID()}`;
      const res = await post('/api/v1/sites', { name, emission_limit: '1', metadata: { deep: nested(31) } });
      const problem = expectProblem(res, 'validation_failed', '/api/v1/sites');
      expect(problem.errors).toEqual(tooDeep);
      expect(problem.detail).toBe('must be nested at most 32 levels deep');
      const sites = SiteListSchema.parse((await get('/api/v1/sites?limit=500')).body);
      expect(sites.data.map((s) => s.name)).not.toContain(name);
    });

    it('rejects a deep ingest body before the handler: nothing is written', async () => {
      const site = await newSite();
      const readings = [{ timestamp: '2026-01-01T00:00:00Z', value: 5, sensor_id: 'deep' }];
      const res = await post('/api/v1/ingest', { site_id: site.id, readings, note: nested(40) }, { 'idempotency-key': randomUUID() });
      expect(expectProblem(res, 'validation_failed').errors).toEqual(tooDeep);
      const metrics = await get(`/api/v1/sites/${site.id}/metrics`);
      expect(metrics.body).toMatchObject({ total_emissions_to_date: '0', measurement_count: 0, batch_count: 0 });
    });

    it('refuses hostile nesting of the whole 256 KiB, and deep bodies in other UTF encodings', async () => {
      const half = 128 * 1024 - 1;
      const hostile = await http(stack.gateway().baseUrl, '/api/v1/sites', {
        body: `${'['.repeat(half)}${']'.repeat(half)}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(expectProblem(hostile, 'validation_failed').errors).toEqual(tooDeep);
      const utf16 = Buffer.from(JSON.stringify({ name: 'x', emission_limit: '1', metadata: nested(40) }), 'utf16le');
      const res = await fetch(`${stack.gateway().baseUrl}/api/v1/sites`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-16le' },
        body: utf16,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'validation_failed', errors: tooDeep });
    });
  });
});

describe('with the default configuration', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ ANONYMOUS_LOOPBACK: 'true' });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('keeps CORS closed: no Access-Control headers, and a preflight is answered as a 405 problem', async () => {
    const preflight = await http(gw.baseUrl, '/api/v1/sites', {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expectProblem(preflight, 'method_not_allowed');
    expect(preflight.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(accessControlHeaders(preflight)).toEqual([]);
    expectSecurityHeaders(preflight);
    const read = await http(gw.baseUrl, '/api/v1/nope', { headers: { origin: ALLOWED_ORIGIN } });
    expect(accessControlHeaders(read)).toEqual([]);
  });

  it('does not trust X-Forwarded-* headers', () => {
    expect(gw.app.getHttpAdapter().getInstance().get('trust proxy')).toBe(false);
  });
});

describe('in production behind a proxy', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({
      APP_ENV: 'production',
      ADMIN_API_KEY: `admin-${randomUUID()}`,
      SESSION_SECRET: `session-${randomUUID()}`,
      ANONYMOUS_LOOPBACK: 'false',
      TRUST_PROXY: '1',
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('adds Strict-Transport-Security to every response', async () => {
    for (const path of ['/health/live', '/api/v1/nope', '/api/docs']) {
      const res = await http(gw.baseUrl, path);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expectSecurityHeaders(res);
    }
  });

  it('takes the client address and scheme from X-Forwarded-* across the one trusted hop', () => {
    expect(gw.app.getHttpAdapter().getInstance().get('trust proxy')).toBe(1);
  });
});
