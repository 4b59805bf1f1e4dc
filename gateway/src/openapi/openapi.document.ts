import type { z } from 'zod';
import { ACCESS_NOTE, accessProblems, SECURITY_SCHEMES, securityOf } from './access.doc';
import type { DocumentedRoute } from './documented-routes';
import { HEADERS, PARAMETERS, problemResponses, responseHeaders } from './openapi.components';
import { componentSchemas, inputSchemaOf } from './openapi.schemas';
import {
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type ResponseObject,
  ref,
} from './openapi.types';

const DESCRIPTION = `Methane (CH4) emissions ingestion. Contract rules that hold for every route:

- **Versions.** \`/api/v1/...\` and \`/api/v2/...\`; a path without a version segment (\`/api/ingest\`, \`/api/sites/...\`) is v1 forever.
  v1 is frozen: fields are never removed or renamed, new optional response fields may appear (ignore members you do not know).
  Every API response carries \`API-Version\`.
- **Masses** are kilograms of CH4. Requests accept a JSON number or a decimal string (at most 6 fractional digits);
  responses always give a decimal string such as \`"1234.5"\`. Timestamps are ISO-8601 with an offset; responses give UTC with \`Z\`.
- **Errors** are RFC 9457 problems (\`application/problem+json\`) with a stable \`code\`; each \`type\` URI is a page explaining it.
  An unknown path answers 404 \`route_not_found\`, a known path with another method 405 \`method_not_allowed\` with \`Allow\`.
- Every response carries \`X-Request-Id\`.
- **Credentials.** \`Authorization: Bearer <key>\`: the operator key (manage sites and keys, read everything, ingest anywhere) or a
  device key (ingest into, and read, its own site only). The dashboard signs in with the operator key and uses a session cookie.
  No or refused credential: 401 \`unauthorized\` with \`WWW-Authenticate\`; valid but not allowed: 403 \`forbidden\`, nothing written;
  too many requests (per address on every path before the body is read, per credential, and failed sign-ins per address):
  429 \`rate_limited\` with \`Retry-After\`.
- **Bodies** are JSON of at most 256 KiB, counted after decompression (\`Content-Encoding: gzip\`, \`deflate\` or \`br\`):
  larger is 413 \`payload_too_large\`, a corrupt compressed body 400 \`malformed_json\`.`;

const TAGS = [
  { name: 'Sites', description: 'Sites with an emission limit, and their figures.' },
  { name: 'Reports', description: 'Annual reports and readings exports, JSON or CSV, in the site zone.' },
  { name: 'Ingestion', description: 'Idempotent, exact ingestion of readings.' },
  { name: 'Alerts', description: 'Alerts (limit, annual limit, near limit, super-emitter), their lifecycle, and live updates.' },
  { name: 'Webhooks', description: 'Alert events delivered to other systems, signed, retried for 24 hours.' },
  { name: 'Access', description: 'Dashboard sessions and device keys.' },
  { name: 'Operations', description: 'Health and Prometheus metrics (outside /api: no API-Version).' },
  { name: 'Documentation', description: 'This document and its browsable reference.' },
];

function queryParameters(schema: z.ZodObject | undefined): ParameterObject[] {
  if (!schema) return [];
  const json = inputSchemaOf(schema);
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: typeof property === 'boolean' ? {} : property,
  }));
}

function successResponse(route: DocumentedRoute): ResponseObject {
  const { success } = route;
  // A JSON schema, another media type, or both (reports answer JSON or, with ?format=csv, CSV).
  const content = {
    ...(success.schema ? { 'application/json': { schema: ref('schemas', success.schema) } } : {}),
    ...(success.media ? { [success.media.type]: { schema: success.media.schema } } : {}),
  };
  return {
    description: success.description,
    headers: responseHeaders(route.version, success.headers),
    ...(Object.keys(content).length > 0 ? { content } : {}),
  };
}

function operationOf(route: DocumentedRoute): OperationObject {
  const operation: OperationObject = {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, ACCESS_NOTE[route.access]].filter(Boolean).join(' '),
    tags: [route.tag],
    parameters: [
      ...(route.parameters ?? []).map((name) => ref('parameters', name)),
      ...queryParameters(route.query),
      ref('parameters', 'RequestId'),
    ],
    responses: {
      [String(route.status)]: successResponse(route),
      ...problemResponses([...new Set([...route.problems, ...accessProblems(route.access)])], route.version, route.path),
    },
    security: securityOf(route.access),
  };
  if (route.body) {
    operation.requestBody = {
      required: route.body.required,
      content: { 'application/json': { schema: ref('schemas', route.body.schema) } },
    };
  }
  return operation;
}

/** Builds the OpenAPI 3.1 document from the controllers' routes and the shared Zod schemas; pure, called once at boot. */
export function buildOpenApiDocument(version: string, routes: DocumentedRoute[]): OpenApiDocument {
  const paths: Record<string, PathItemObject> = {};
  // Grouped by tag in the order of TAGS (the reference lists them so), then in the order the controllers declare them.
  const byTag = [...routes].sort((a, b) => TAGS.findIndex((t) => t.name === a.tag) - TAGS.findIndex((t) => t.name === b.tag));
  for (const route of byTag) paths[route.path] = { ...paths[route.path], [route.method]: operationOf(route) };
  return {
    openapi: '3.1.1',
    info: { title: 'Emissions ingestion API', version, description: DESCRIPTION },
    servers: [{ url: '/', description: 'This gateway' }],
    tags: TAGS,
    paths,
    components: { schemas: componentSchemas(), headers: HEADERS, parameters: PARAMETERS, securitySchemes: SECURITY_SCHEMES },
  };
}
