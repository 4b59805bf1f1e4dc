import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROBLEM_CODES, type ProblemCode, problemTypeUri } from '@emissions/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ingestion.process';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { expectProblem, http } from '../support/http';

// Everything here is decided by the gateway alone: the ingestion service is deliberately absent.
let gw: RunningGateway;
let dashboardDir: string;
const get = (path: string, headers: Record<string, string> = {}) => http(gw.baseUrl, path, { headers });

beforeAll(async () => {
  dashboardDir = mkdtempSync(join(tmpdir(), 'gateway-dashboard-'));
  writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>index</title>');
  writeFileSync(join(dashboardDir, '200.html'), '<!doctype html><title>spa</title>');
  gw = await startGateway({ INGESTION_PORT: String(await freePort()), DASHBOARD_DIR: dashboardDir, HEALTH_TIMEOUT_MS: '500' });
});

afterAll(async () => {
  await gw?.close();
});

describe('routing errors', () => {
  it('answers an unknown API route with 404 route_not_found, API-Version and X-Request-Id', async () => {
    const res = await get('/api/v1/nope', { accept: 'text/html' });
    expectProblem(res, 'route_not_found', '/api/v1/nope');
    expect(res.headers.get('api-version')).toBe('1');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it.each(['/api/v2/sites', '/health/nope', '/problems/no-such-problem', '/metrics/x', '/nope.js'])(
    'answers %s with a 404 problem, never the dashboard',
    async (path) => {
      expectProblem(await get(path, { accept: 'text/html' }), 'route_not_found');
    },
  );

  it('answers a wrong method on a known route with 405 and Allow', async () => {
    const res = await http(gw.baseUrl, '/api/v1/sites', { method: 'DELETE' });
    expectProblem(res, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    const v2 = await get('/api/v2/ingest');
    expectProblem(v2, 'method_not_allowed');
    expect(v2.headers.get('allow')).toBe('POST');
    expect(v2.headers.get('api-version')).toBe('2');
  });
});

describe('headers, pages and dashboard', () => {
  it('echoes a safe X-Request-Id and replaces an unsafe one', async () => {
    expect((await get('/health/live', { 'x-request-id': 'dev-42:abc' })).headers.get('x-request-id')).toBe('dev-42:abc');
    expect((await get('/health/live', { 'x-request-id': 'a b<c>' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves every problem type URI as a short HTML page', async () => {
    for (const code of Object.keys(PROBLEM_CODES) as ProblemCode[]) {
      const res = await get(problemTypeUri(code));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toContain(PROBLEM_CODES[code].title);
    }
  });

  it('serves the dashboard at / and its SPA fallback for page navigations', async () => {
    expect((await get('/')).text).toContain('<title>index</title>');
    expect((await get('/sites/abc', { accept: 'text/html' })).text).toContain('<title>spa</title>');
    expectProblem(await get('/sites/abc', { accept: 'application/json' }), 'route_not_found');
  });
});
