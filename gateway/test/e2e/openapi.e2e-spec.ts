import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayRoutes } from '../../src/openapi/gateway-routes';
import { buildOpenApiDocument } from '../../src/openapi/openapi.document';
import { RouteCatalog } from '../../src/problems/route-catalog';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { expectProblem, http } from '../support/http';
import { freePort } from '../support/ingestion.process';

// Served by the gateway alone: the ingestion service is deliberately absent.
let gw: RunningGateway;
const get = (path: string) => http(gw.baseUrl, path);

/** Registered routes that are not API operations: problem type pages and the reference's static files. */
const NOT_OPERATIONS = new Set(['/problems/{slug}', '/api/docs/{file}']);

/** Documented routes another part of the gateway may not have registered yet; checked once they exist. */
const MAYBE_PENDING = new Set(['GET /api/v1/alerts', 'GET /api/v1/stream']);

/** `/api/sites/:id` → `/api/v1/sites/{id}`: unversioned aliases are described on their v1 operation. */
const documentedPathOf = (template: string) =>
  template.replace(/:(\w+)/g, '{$1}').replace(/^\/api\/(?!v\d+\/|openapi\.json$|docs)/, '/api/v1/');

beforeAll(async () => {
  gw = await startGateway({ INGESTION_PORT: String(await freePort()) });
});

afterAll(async () => {
  await gw?.close();
});

describe('GET /api/openapi.json', () => {
  it('serves the generated OpenAPI 3.1 document with the gateway headers', async () => {
    const res = await get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('api-version')).toBe('1');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const served = res.body as ReturnType<typeof buildOpenApiDocument>;
    expect(served.openapi).toMatch(/^3\.1\./);
    expect(served.paths).toEqual(buildOpenApiDocument('any', gatewayRoutes()).paths);
  });

  it('answers another method with 405 and Allow', async () => {
    const res = await http(gw.baseUrl, '/api/openapi.json', { method: 'POST', json: {} });
    expectProblem(res, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('GET /api/docs', () => {
  it('serves a reference page whose scripts and styles all come from the gateway', async () => {
    const page = await get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(expect.arrayContaining(['/api/docs/swagger-ui.css', '/api/docs/swagger-ui-bundle.js']));
    for (const asset of assets) {
      expect(asset.startsWith('/api/docs/'), `${asset} is not served by the gateway`).toBe(true);
      const res = await get(asset);
      expect(res.status, asset).toBe(200);
      expect(res.text.length, asset).toBeGreaterThan(0);
    }
    const init = await get('/api/docs/swagger-initializer.js');
    expect(init.text).toContain("url: '/api/openapi.json'");
    expect(init.text).not.toMatch(/https?:\/\//);
  });

  it('answers an unknown or escaping asset name with a 404 problem', async () => {
    expectProblem(await get('/api/docs/package.json'), 'route_not_found');
    expectProblem(await get('/api/docs/..%2F..%2Fpackage.json'), 'route_not_found');
  });
});

describe('the document and the registered routes', () => {
  const doc = buildOpenApiDocument('any', gatewayRoutes());
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)),
  );

  it('documents every route the gateway registers', () => {
    const registered = gw.app
      .get(RouteCatalog)
      .all()
      .flatMap(({ template, methods }) => methods.map((method) => `${method} ${documentedPathOf(template)}`))
      .filter((route) => !NOT_OPERATIONS.has(route.split(' ')[1]));
    expect(registered.length).toBeGreaterThan(10);
    expect(registered.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('registers every documented operation', () => {
    const catalog = gw.app.get(RouteCatalog);
    const missing = [...documented].filter((route) => {
      const [method, path] = route.split(' ');
      const registered = catalog.match(path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000'))?.methods.includes(method);
      return !registered && !MAYBE_PENDING.has(route);
    });
    expect(missing).toEqual([]);
  });
});
