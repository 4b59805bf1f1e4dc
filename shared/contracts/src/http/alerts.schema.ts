import { z } from 'zod';
import { DecimalStringSchema, UuidSchema } from './fields.schema';
import { ComplianceStatusSchema, SiteSchema } from './sites.schema';

export const ALERT_PAGE_MAX = 500;

export const ListAlertsQuerySchema = z.object({
  site_id: UuidSchema.optional(),
  limit: z.coerce
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be >= 1' })
    .max(ALERT_PAGE_MAX, { error: `must be <= ${ALERT_PAGE_MAX}` })
    .default(100),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuerySchema>;

export const AlertSchema = z.object({
  id: UuidSchema,
  site_id: UuidSchema,
  type: z.literal('limit_exceeded'),
  total_at_trigger: DecimalStringSchema,
  emission_limit: DecimalStringSchema,
  triggered_at: z.string(),
  event_id: z.string(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListSchema = z.object({ data: z.array(AlertSchema) });
export type AlertList = z.infer<typeof AlertListSchema>;

/** Payload of the `site.updated` server-sent event. */
export const SiteUpdatedEventSchema = z.object({
  site_id: UuidSchema,
  total_emissions_to_date: DecimalStringSchema,
  compliance_status: ComplianceStatusSchema,
  /**
   * Additive, snapshot events only: the whole site as `GET /sites` gives it, so a client can draw its row
   * without a request per site. Live events (one per committed batch) do not carry it.
   */
  site: SiteSchema.optional(),
});
export type SiteUpdatedEvent = z.infer<typeof SiteUpdatedEventSchema>;

/**
 * Stream events around the snapshot a client without Last-Event-ID receives first: `snapshot.complete`
 * (`{ "sites": n }`) after its last `site.updated`, or `snapshot.unavailable` when the sites could not be
 * read (the client then loads them itself). Additive: clients that do not listen for them ignore them.
 */
export const SNAPSHOT_COMPLETE_EVENT = 'snapshot.complete';
export const SNAPSHOT_UNAVAILABLE_EVENT = 'snapshot.unavailable';
export const SnapshotCompleteSchema = z.object({ sites: z.number().int().nonnegative() });
