import { z } from 'zod';
import { DecimalStringSchema, UuidSchema } from '../http/fields.schema';

export const BATCH_INGESTED = 'batch.ingested';

/** The contract's default `super_emitter_kg_h` of a site (the US EPA programme's 100 kg/h). */
export const DEFAULT_SUPER_EMITTER_KG_H = '100';

/** A rate reading this batch accepted (newly stored), as the alerting side needs it to derive emission events. */
export const AcceptedRateReadingSchema = z.object({
  sensor_id: z.string().min(1).max(64),
  measured_at: z.string(),
  duration_s: z.number().int().min(1).max(86_400),
  rate_kg_h: DecimalStringSchema,
  mass_kg: DecimalStringSchema,
});
export type AcceptedRateReading = z.infer<typeof AcceptedRateReadingSchema>;

/**
 * A reporting year (from the site's `reporting_year_start_month`, in its zone) some accepted reading of the
 * batch falls in, with that year's total just before and just after the batch (exact, from the rollups).
 */
export const ReportingYearTotalsSchema = z.object({
  /** Local date the year starts on (`YYYY-MM-01`) and the same instant in UTC. */
  start: z.string(),
  start_at: z.string(),
  total_before: DecimalStringSchema,
  total_after: DecimalStringSchema,
});
export type ReportingYearTotals = z.infer<typeof ReportingYearTotalsSchema>;

/**
 * The outbox event one committed batch produces (version 1). Consumers must dedupe by `event_id`:
 * delivery is at least once. Totals are the site's summary just before and just after this batch.
 */
export const BatchIngestedV1Schema = z.object({
  event_id: z.string().min(1),
  type: z.literal(BATCH_INGESTED),
  version: z.literal(1),
  site_id: UuidSchema,
  batch_id: UuidSchema,
  request_id: z.string().nullable(),
  readings_accepted: z.number().int().nonnegative(),
  accepted_sum: DecimalStringSchema,
  total_before: DecimalStringSchema,
  total_after: DecimalStringSchema,
  emission_limit: DecimalStringSchema,
  committed_at: z.string(),
  /** How many times the site's limit had been changed when this batch committed (0 before limits were editable). */
  limit_revision: z.number().int().nonnegative().default(0),
  /**
   * Additive (optional, so events written before rates existed still parse): the rate readings this batch
   * newly stored, and the site's super-emitter threshold (kg/h) when the batch committed.
   */
  rate_readings: z.array(AcceptedRateReadingSchema).optional(),
  super_emitter_kg_h: DecimalStringSchema.optional(),
  /** Additive: the site's `near_limit_pct` when the batch committed (decimal text, 1..100). */
  near_limit_pct: DecimalStringSchema.optional(),
  /**
   * Additive: the site's `annual_limit` when the batch committed (`null`: none) and, only with a limit and
   * accepted readings, the totals of each reporting year the batch's readings fall in.
   */
  annual_limit: DecimalStringSchema.nullable().optional(),
  reporting_years: z.array(ReportingYearTotalsSchema).optional(),
});
export type BatchIngestedV1 = z.infer<typeof BatchIngestedV1Schema>;
