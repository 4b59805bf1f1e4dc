import 'reflect-metadata';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ingestion.process';
import { type RunningGateway, startGateway } from '../support/gateway.harness';

// A dashboard build as `npm run build -w @emissions/dashboard` writes it: routes.json and precompressed copies.
let gw: RunningGateway;
const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-dashboard-static-'));
  mkdirSync(join(dir, '_app', 'immutable', 'chunks'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>index</title>');
  writeFileSync(join(dir, '200.html'), '<!doctype html><title>spa</title>');
  // A file under a reserved prefix is never served: the API's paths do not look into the build at all.
  mkdirSync(join(dir, 'api', 'v1'), { recursive: true });
  writeFileSync(join(dir, 'api', 'v1', 'stray.txt'), 'not an API answer');
  writeFileSync(join(dir, 'routes.json'), JSON.stringify({ pages: ['^/$', '^/sites/[^/]+/?$', '^/sites/new/?$'] }));
  const chunk = join(dir, '_app', 'immutable', 'chunks', 'a1b2c3.js');
  writeFileSync(chunk, script);
  writeFileSync(`${chunk}.br`, brotliCompressSync(script));
  writeFileSync(`${chunk}.gz`, gzipSync(script));
  gw = await startGateway({ INGESTION_PORT: String(await freePort()), DASHBOARD_DIR: dir, DEMO_FAULTS: 'false', HEALTH_TIMEOUT_MS: '500' });
});
afterAll(async () => gw?.close());

/** A raw GET (fetch would decode the body and hide the encoding). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${gw.baseUrl}${path}`, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard static files', () => {
  it('sends the brotli copy to a browser that takes it, gzip to one that takes only gzip, the file to others', async () => {
    const path = '/_app/immutable/chunks/a1b2c3.js';
    const br = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gz = await get(path, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get(path, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('lets browsers keep content-hashed files for a year and revalidate the rest', async () => {
    expect((await get('/_app/immutable/chunks/a1b2c3.js', {})).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/', { accept: 'text/html' })).headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a path that is no page of the app, 200 for deep links to real pages', async () => {
    const unknown = await get('/no/such/page', { accept: 'text/html' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.toString()).toContain('<title>spa</title>'); // the app still renders its not-found page
    expect((await get('/sites/6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01', { accept: 'text/html' })).status).toBe(200);
    expect((await get('/sites/new', { accept: 'text/html' })).status).toBe(200);
  });

  it('never serves a build file under the API, health, problems or metrics prefixes', async () => {
    const res = await get('/api/v1/stray.txt', {});
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.toString()).not.toContain('not an API answer');
  });

  it('tells the dashboard whether the unreliable-network demo is on', async () => {
    const res = await get('/dashboard-config.json', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ demo_faults: false });
  });
});
