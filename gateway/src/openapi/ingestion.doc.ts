import type { ProblemCode } from '@emissions/contracts';
import { BODY_PROBLEMS, type RouteDoc, UPSTREAM_PROBLEMS } from './route.doc';

const INGEST_PROBLEMS: ProblemCode[] = [
  ...BODY_PROBLEMS,
  'idempotency_key_invalid',
  'site_not_found',
  'idempotency_request_in_progress',
  'idempotency_key_reused',
  ...UPSTREAM_PROBLEMS,
];

const RULES =
  'One transaction writes the batch, its readings, the site total and an outbox event, or nothing. ' +
  'A reading whose (site, sensor, time) is already stored is skipped: counted in `readings_duplicate` (same value) or ' +
  '`readings_conflicting` and listed in `conflicts` (different value). A retry with the same key and payload answers the ' +
  'stored response with `Idempotent-Replayed: true`. 400, 404 and 413 outcomes are not stored: the key may be reused after a fix.';

const success = {
  status: 201,
  description: 'The batch result (also for a replay).',
  schema: 'IngestResponse',
  headers: ['IdempotentReplayed'],
} as const;

const v1 = (path: string, operationId: string, note: string): RouteDoc => ({
  method: 'post',
  path,
  operationId,
  tag: 'Ingestion',
  summary: `Ingest a batch of readings (v1${note})`,
  description: `Masses are kilograms of CH4; a reading without \`sensor_id\` uses \`"default"\`. ${RULES}`,
  version: 1,
  access: 'site',
  parameters: ['IdempotencyKeyV1'],
  body: 'IngestV1Request',
  success: { ...success, headers: [...success.headers] },
  problems: INGEST_PROBLEMS,
});

export const INGESTION_ROUTES: RouteDoc[] = [
  v1('/api/v1/ingest', 'ingestV1', ''),
  v1('/api/ingest', 'ingestUnversioned', ', unversioned alias served as v1 forever'),
  {
    method: 'post',
    path: '/api/v2/ingest',
    operationId: 'ingestV2',
    tag: 'Ingestion',
    summary: 'Ingest a batch of readings (v2, with units)',
    description:
      'Each reading names its sensor and unit; values convert to kg exactly (1 t = 1000 kg, 1 lb = 0.45359237 kg, 1 g = 0.001 kg), ' +
      'rounded half-up to 6 fractional digits. A reading may instead be a rate (`kg/h`, or `scf/h` at 0.0192 kg/scf) with ' +
      '`duration_s` (1..86400, required for rates, refused for masses): its mass is rate × duration_s ÷ 3600, rounded once, ' +
      'and the reading keeps `rate_kg_h`; rates at or above the site’s `super_emitter_kg_h` form emission events. ' +
      `v1 and v2 share keys and dedupe state and answer the same body. ${RULES}`,
    version: 2,
    access: 'site',
    parameters: ['IdempotencyKeyV2'],
    body: 'IngestV2Request',
    success: { ...success, headers: [...success.headers] },
    problems: INGEST_PROBLEMS,
  },
];
