import type { JsonSchema } from './openapi.types';
import type { RouteDoc } from './route.doc';

const text = (type: string, description: string): { type: string; schema: JsonSchema } => ({
  type,
  schema: { type: 'string', description },
});

export const OPERATIONS_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/health/live',
    operationId: 'healthLive',
    tag: 'Operations',
    summary: 'Liveness',
    description: 'The process serves HTTP. Says nothing about dependencies: do not restart on their outage.',
    version: null,
    access: 'public',
    success: { status: 200, description: 'Alive.', schema: 'HealthLive' },
    problems: ['internal_error'],
  },
  {
    method: 'get',
    path: '/health/ready',
    operationId: 'healthReady',
    tag: 'Operations',
    summary: 'Readiness',
    description:
      'Ready when the ingestion service (and through it PostgreSQL) and Redis answer. The 503 problem carries a `checks` member. ' +
      'One check answers every request for HEALTH_CACHE_MS (default 2 s).',
    version: null,
    access: 'public',
    success: { status: 200, description: 'Every dependency answers.', schema: 'HealthReady' },
    problems: ['internal_error', 'service_unavailable'],
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'prometheusMetrics',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    description:
      'Ingest outcomes, reading outcomes, outbox gauges and request-duration histograms in the Prometheus text format. Needs `Authorization: Bearer <METRICS_TOKEN>` or the operator key; in development a loopback client may read it without one.',
    version: null,
    access: 'public',
    success: { status: 200, description: 'Prometheus text exposition format 0.0.4.', media: text('text/plain', 'Prometheus text format') },
    problems: ['unauthorized', 'rate_limited', 'internal_error'],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openApiDocument',
    tag: 'Documentation',
    summary: 'This OpenAPI 3.1 document',
    version: 1,
    access: 'public',
    success: {
      status: 200,
      description: 'The document, generated from the shared Zod schemas.',
      media: { type: 'application/json', schema: { type: 'object' } },
    },
    problems: ['internal_error'],
  },
  {
    method: 'get',
    path: '/api/docs',
    operationId: 'apiReference',
    tag: 'Documentation',
    summary: 'Browsable API reference (Swagger UI, served offline)',
    version: 1,
    access: 'public',
    success: { status: 200, description: 'An HTML page.', media: text('text/html', 'HTML') },
    problems: ['internal_error'],
  },
];
