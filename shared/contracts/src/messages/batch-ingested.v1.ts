import { z } from 'zod';
import { DecimalStringSchema, UuidSchema } from '../http/fields.schema';

export const BATCH_INGESTED = 'batch.ingested';

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
});
export type BatchIngestedV1 = z.infer<typeof BatchIngestedV1Schema>;
