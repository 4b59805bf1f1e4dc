import { z } from 'zod';
import { IdempotencyKeySchema, storableText, UuidSchema } from '../http/fields.schema';
import { IngestResponseSchema, MAX_READINGS_PER_BATCH, NormalizedReadingSchema } from '../http/ingest.schema';
import { type ProblemCode, ProblemCodeSchema } from '../http/problem.schema';
import { LocalMonthSchema, SENSOR_BREAKDOWN_MAX } from '../http/sensor-breakdown.schema';
import { GwpQuerySchema, PatchSiteRequestSchema } from '../http/sites.schema';

/** Message patterns of the ingestion service on the microservices transport. */
export const IngestionPatterns = {
  createSite: 'sites.create',
  getSite: 'sites.get',
  listSites: 'sites.list',
  /** Every active site's overview row in one answer (SitesSnapshotSchema), for the live stream's opening snapshot. */
  siteSnapshot: 'sites.snapshot',
  siteMetrics: 'sites.metrics',
  patchSite: 'sites.patch',
  archiveSite: 'sites.archive',
  siteChanges: 'sites.changes',
  siteSensors: 'sites.sensors',
  siteReport: 'reports.site',
  fleetReport: 'reports.fleet',
  readingsPage: 'readings.page',
  readingsCsvChunk: 'readings.csv_chunk',
  ingestBatch: 'ingest.batch',
  ping: 'health.ping',
  outboxStats: 'outbox.stats',
  createDeviceKey: 'keys.create',
  listDeviceKeys: 'keys.list',
  revokeDeviceKey: 'keys.revoke',
  verifyDeviceKey: 'keys.verify',
} as const;

/** Answer of `outbox.stats`: events committed but not yet published by the relay. */
export const OutboxStatsSchema = z.object({ pending: z.number().int().nonnegative() });

export const AlertingPatterns = {
  listAlerts: 'alerts.list',
  ping: 'health.ping',
  getAlert: 'alerts.get',
  acknowledgeAlert: 'alerts.acknowledge',
  resolveAlert: 'alerts.resolve',
  createWebhook: 'webhooks.create',
  listWebhooks: 'webhooks.list',
  deleteWebhook: 'webhooks.delete',
  listWebhookDeliveries: 'webhooks.deliveries',
  listEmissionEvents: 'events.list',
} as const;

/** `operator` for every operator credential, `device:<key id>` for a device key. */
export const ClientIdSchema = z.string().regex(/^(operator|device:[0-9a-f-]{36})$/);

/** The ingest command both API versions map to; readings arrive already normalised (kg, UTC). */
export const IngestBatchCommandSchema = z.object({
  site_id: UuidSchema,
  /** Who sent it (`operator` or `device:<key id>`): the idempotency ledger is scoped per client, so one client never replays another's response. */
  client_id: ClientIdSchema,
  idempotency_key: IdempotencyKeySchema.nullable(),
  api_version: z.union([z.literal(1), z.literal(2)]),
  request_id: storableText(z.string()).nullable(),
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

/** `keys.create`: a new device key for a site; the answer carries the secret, the only time it leaves the service. */
export const CreateDeviceKeyCommandSchema = z.object({ site_id: UuidSchema, label: storableText(z.string().min(1).max(120)).nullable() });
export type CreateDeviceKeyCommand = z.infer<typeof CreateDeviceKeyCommandSchema>;

/** `keys.list`: a site's device keys, newest first (`site_not_found` for an unknown site). */
export const ListDeviceKeysQuerySchema = z.object({ site_id: UuidSchema });
export type ListDeviceKeysQuery = z.infer<typeof ListDeviceKeysQuerySchema>;

/** `keys.revoke`: idempotent; a second revocation answers the key with its first `revoked_at` (`api_key_not_found` when not the site's). */
export const RevokeDeviceKeyCommandSchema = z.object({ site_id: UuidSchema, key_id: UuidSchema });
export type RevokeDeviceKeyCommand = z.infer<typeof RevokeDeviceKeyCommandSchema>;

/** `keys.verify`: the gateway sends the public prefix and the SHA-256 (hex) of the presented key, never the key. */
export const VerifyDeviceKeyQuerySchema = z.object({
  prefix: z.string().regex(/^[a-z0-9]{8}$/),
  secret_sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type VerifyDeviceKeyQuery = z.infer<typeof VerifyDeviceKeyQuerySchema>;

/** Unknown, mismatching and revoked keys are all just `valid: false`: the caller learns nothing more. */
export const DeviceKeyVerdictSchema = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(false) }),
  z.object({ valid: z.literal(true), key_id: UuidSchema, site_id: UuidSchema }),
]);
export type DeviceKeyVerdict = z.infer<typeof DeviceKeyVerdictSchema>;

/** Who changed a site's settings: `operator` or a key id (the change log's `changed_by`). */
export const ChangedBySchema = z.string().min(1).max(80);

/** `sites.patch`: the validated body plus who sent it. */
export const PatchSiteCommandSchema = z.object({ id: UuidSchema, changed_by: ChangedBySchema, changes: PatchSiteRequestSchema });
export type PatchSiteCommand = z.infer<typeof PatchSiteCommandSchema>;

/** `sites.archive`: idempotent; a second archive answers the site with its first `archived_at`. */
export const ArchiveSiteCommandSchema = z.object({ id: UuidSchema, changed_by: ChangedBySchema });
export type ArchiveSiteCommand = z.infer<typeof ArchiveSiteCommandSchema>;

/** `sites.metrics`: the site and, optionally, the GWP set to express CO2e in. */
export const SiteMetricsQuerySchema = z.object({ id: UuidSchema }).extend(GwpQuerySchema.shape);
export type SiteMetricsQuery = z.infer<typeof SiteMetricsQuerySchema>;

/** `reports.site` / `reports.fleet`: figures only; the gateway adds alerts and formats CSV. */
export const SiteReportQuerySchema = z.object({ id: UuidSchema, year: z.number().int(), gwp: z.string().optional() });
export type SiteReportQuery = z.infer<typeof SiteReportQuerySchema>;
export const FleetReportQuerySchema = z.object({ year: z.number().int(), gwp: z.string().optional() });
export type FleetReportQuery = z.infer<typeof FleetReportQuerySchema>;

/** `readings.page`: one keyset page of a site's readings in [from, to), oldest first, after `cursor`. */
export const ReadingsPageQuerySchema = z.object({
  id: UuidSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  cursor: z.string().max(512).nullable(),
  limit: z.number().int().min(1).max(10_000),
});
export type ReadingsPageQuery = z.infer<typeof ReadingsPageQuerySchema>;

/**
 * Most rows in one `readings.csv_chunk` answer. The answer frame is capped (16 Mi characters, service-auth's
 * DEFAULT_MAX_ANSWER_FRAME_CHARS); the longest possible line is about 505 characters once JSON-escaped
 * (a 64-character sensor id of control characters is 384 of them), so 20,000 rows stay below 10.2 Mi.
 */
export const READINGS_CSV_CHUNK_MAX = 20_000;

/** `readings.csv_chunk`: the CSV lines (already formatted) of up to `limit` readings after `cursor`. */
export const ReadingsCsvChunkQuerySchema = ReadingsPageQuerySchema.extend({ limit: z.number().int().min(1).max(READINGS_CSV_CHUNK_MAX) });
export type ReadingsCsvChunkQuery = z.infer<typeof ReadingsCsvChunkQuerySchema>;

/** Answer of `readings.csv_chunk`: `rows` CRLF-ended lines in export order; `next_cursor` null after the last. */
export const ReadingsCsvChunkSchema = z.object({ csv: z.string(), rows: z.number().int().min(0), next_cursor: z.string().nullable() });
export type ReadingsCsvChunk = z.infer<typeof ReadingsCsvChunkSchema>;

/** `sites.sensors`: a site's per-sensor totals over local months [from, to) (`null`: open-ended), largest first. */
export const SiteSensorsQuerySchema = z.object({
  id: UuidSchema,
  from: LocalMonthSchema.nullable(),
  to: LocalMonthSchema.nullable(),
  limit: z.number().int().min(1).max(SENSOR_BREAKDOWN_MAX),
});
export type SiteSensorsQuery = z.infer<typeof SiteSensorsQuerySchema>;
