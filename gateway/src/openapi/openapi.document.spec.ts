import 'reflect-metadata';
import SwaggerParser from '@apidevtools/swagger-parser';
import { PROBLEM_CODES } from '@emissions/contracts';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { gatewayRoutes } from './gateway-routes';
import { buildOpenApiDocument } from './openapi.document';
import type { JsonSchema, OperationObject } from './openapi.types';

/**
 * The routes of the HTTP contract (docs/api.md) with the problem statuses the contract gives each, written out by hand from
 * the contract (not derived from the document), so a route or an error dropped from the document fails here.
 */
const CONTRACT_ROUTES: Array<[method: 'get' | 'post' | 'patch', path: string, success: number, problems: number[]]> = [
  ['post', '/api/v1/sites', 201, [400, 409, 413, 500, 503]],
  ['get', '/api/v1/sites', 200, [400, 500, 503]],
  ['get', '/api/v1/sites/{id}', 200, [400, 404, 500, 503]],
  ['get', '/api/v1/sites/{id}/metrics', 200, [400, 404, 500, 503]],
  ['patch', '/api/v1/sites/{id}', 200, [400, 404, 409, 413, 500, 503]],
  ['post', '/api/v1/sites/{id}/archive', 200, [400, 404, 500, 503]],
  ['get', '/api/v1/sites/{id}/changes', 200, [400, 404, 500, 503]],
  ['get', '/api/v1/sites/{id}/sensors', 200, [400, 404, 500, 503]],
  ['get', '/api/v1/sites/{id}/readings', 200, [400, 404, 500, 503]],
  ['get', '/api/v1/sites/{id}/report', 200, [400, 404, 500, 503]],
  ['get', '/api/v1/report', 200, [400, 500, 503]],
  ['get', '/api/v1/sites/{id}/events', 200, [400, 404, 500, 503]],
  ['get', '/api/v2/sites/{id}/events', 200, [400, 404, 500, 503]],
  ['post', '/api/v1/ingest', 201, [400, 404, 409, 413, 422, 500, 503]],
  ['post', '/api/ingest', 201, [400, 404, 409, 413, 422, 500, 503]],
  ['post', '/api/v2/ingest', 201, [400, 404, 409, 413, 422, 500, 503]],
  ['get', '/api/v1/alerts', 200, [400, 500, 503]],
  ['get', '/api/v1/alerts/{id}', 200, [400, 404, 500, 503]],
  ['post', '/api/v1/alerts/{id}/acknowledge', 200, [400, 404, 409, 500, 503]],
  ['post', '/api/v1/alerts/{id}/resolve', 200, [400, 404, 409, 500, 503]],
  ['post', '/api/v1/webhooks', 201, [400, 500, 503]],
  ['get', '/api/v1/stream', 200, [503]],
  ['get', '/health/live', 200, []],
  ['get', '/health/ready', 200, [503]],
  ['get', '/metrics', 200, []],
  ['get', '/api/openapi.json', 200, []],
  ['get', '/api/docs', 200, []],
];

const doc = buildOpenApiDocument('test', gatewayRoutes());
const operation = (method: string, path: string): OperationObject | undefined => doc.paths[path]?.[method as 'get' | 'post' | 'patch'];

/** Every `$ref` in the document, with where it was found. */
function refsOf(node: unknown, at = '#'): Array<[ref: string, at: string]> {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsOf(item, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [[value, at]] : refsOf(value, `${at}/${key}`),
  );
}

function resolvePointer(pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? Reflect.get(node, key.replaceAll('~1', '/').replaceAll('~0', '~')) : undefined),
      doc,
    );
}

describe('the OpenAPI document', () => {
  it.each(CONTRACT_ROUTES)('documents %s %s with its success and problem responses', (method, path, success, problems) => {
    const op = operation(method, path);
    expect(op, `${method.toUpperCase()} ${path} is missing from the document`).toBeDefined();
    expect(Object.keys(op?.responses ?? {})).toContain(String(success));
    for (const status of problems) {
      const response = op?.responses[String(status)];
      expect(response, `${method.toUpperCase()} ${path} lacks its ${status} problem`).toBeDefined();
      expect(response?.content?.['application/problem+json']?.schema).toEqual({ $ref: '#/components/schemas/Problem' });
    }
  });

  it('answers every error as application/problem+json with the shared Problem, and X-Request-Id everywhere', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          expect(response.headers?.['X-Request-Id'], `${path} ${status}`).toEqual({ $ref: '#/components/headers/RequestId' });
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${path} ${status}`).toEqual(['application/problem+json']);
        }
      }
    }
  });

  it('sends API-Version 1 on v1 and unversioned paths and 2 on v2, and none outside /api', () => {
    expect(operation('post', '/api/ingest')?.responses['201'].headers?.['API-Version']).toEqual({
      $ref: '#/components/headers/ApiVersion1',
    });
    expect(operation('post', '/api/v2/ingest')?.responses['422'].headers?.['API-Version']).toEqual({
      $ref: '#/components/headers/ApiVersion2',
    });
    expect(operation('get', '/metrics')?.responses['200'].headers?.['API-Version']).toBeUndefined();
  });

  it('documents the contract headers: Idempotency-Key, Location, Idempotent-Replayed, Retry-After', () => {
    expect(operation('post', '/api/v2/ingest')?.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKeyV2' });
    expect(doc.components.parameters.IdempotencyKeyV2).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: true });
    expect(doc.components.parameters.IdempotencyKeyV1).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false });
    expect(operation('post', '/api/v1/sites')?.responses['201'].headers).toHaveProperty('Location');
    expect(operation('post', '/api/v1/ingest')?.responses['201'].headers).toHaveProperty('Idempotent-Replayed');
    expect(operation('post', '/api/v1/ingest')?.responses['409'].headers).toHaveProperty('Retry-After');
    expect(operation('get', '/health/ready')?.responses['503'].headers).toHaveProperty('Retry-After');
  });

  it('generates request bodies from the input side of the shared schemas: decimals accept a number or a string', () => {
    const schemaAt = (schema: unknown, ...keys: string[]) =>
      keys.reduce((node, key) => Reflect.get(Object(node), key), schema) as JsonSchema;
    const reading = schemaAt(doc.components.schemas.IngestV1Request, 'properties', 'readings', 'items');
    expect(reading.required).toEqual(['timestamp', 'value']);
    expect(schemaAt(reading, 'properties', 'value').oneOf?.map((s) => schemaAt(s, 'type'))).toEqual(['number', 'string']);
    expect(doc.components.schemas.CreateSiteRequest.required).toEqual(['name', 'emission_limit']);
    expect(doc.components.schemas.Site.properties?.total_emissions_to_date).toMatchObject({ type: 'string' });
    expect(doc.components.schemas.Problem.properties?.code).toMatchObject({ enum: Object.keys(PROBLEM_CODES) });
  });

  it('is OpenAPI 3.1 whose every $ref resolves inside the document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const [target, at] of refs) {
      expect(target.startsWith('#/'), `${at}: ${target} is not local`).toBe(true);
      expect(resolvePointer(target), `${at}: ${target} does not resolve`).toBeDefined();
    }
    // Validates against the official 3.1 schema; it dereferences in place, hence the copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as unknown as OpenAPIV3_1.Document)).resolves.toBeDefined();
  });

  it('has unique operation ids', () => {
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
