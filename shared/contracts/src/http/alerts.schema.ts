import { z } from 'zod';
import { DecimalStringSchema, UuidSchema } from './fields.schema';
import { ComplianceStatusSchema } from './sites.schema';

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
});
export type SiteUpdatedEvent = z.infer<typeof SiteUpdatedEventSchema>;
