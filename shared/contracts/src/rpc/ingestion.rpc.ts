import { z } from 'zod';
import { IdempotencyKeySchema, UuidSchema } from '../http/fields.schema';
import { IngestResponseSchema, MAX_READINGS_PER_BATCH, NormalizedReadingSchema } from '../http/ingest.schema';
import { type ProblemCode, ProblemCodeSchema } from '../http/problem.schema';

/** Message patterns of the ingestion service on the microservices transport. */
export const IngestionPatterns = {
  createSite: 'sites.create',
  getSite: 'sites.get',
  listSites: 'sites.list',
  siteMetrics: 'sites.metrics',
  ingestBatch: 'ingest.batch',
  ping: 'health.ping',
  outboxStats: 'outbox.stats',
} as const;

/** Answer of `outbox.stats`: events committed but not yet published by the relay. */
export const OutboxStatsSchema = z.object({ pending: z.number().int().nonnegative() });

export const AlertingPatterns = { listAlerts: 'alerts.list', ping: 'health.ping' } as const;

/** The ingest command both API versions map to; readings arrive already normalised (kg, UTC). */
export const IngestBatchCommandSchema = z.object({
  site_id: UuidSchema,
  idempotency_key: IdempotencyKeySchema.nullable(),
  api_version: z.union([z.literal(1), z.literal(2)]),
  request_id: z.string().nullable(),
  readings: z.array(NormalizedReadingSchema).min(1).max(MAX_READINGS_PER_BATCH),
});
export type IngestBatchCommand = z.infer<typeof IngestBatchCommandSchema>;

export const IngestBatchResultSchema = z.object({
  status: z.literal(201),
  replayed: z.boolean(),
  body: IngestResponseSchema,
});
export type IngestBatchResult = z.infer<typeof IngestBatchResultSchema>;

/** What a service sends back instead of a result; the gateway maps `code` to a problem. */
export const RpcFailureSchema = z.object({
  code: ProblemCodeSchema,
  detail: z.string(),
  retry_after_s: z.number().int().positive().optional(),
});
export type RpcFailure = z.infer<typeof RpcFailureSchema> & { code: ProblemCode };
