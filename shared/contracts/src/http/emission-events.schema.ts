import { z } from 'zod';
import { DecimalStringSchema, PeriodFilterSchema, REPORT_LIST_MAX, storableText, UuidSchema } from './fields.schema';

export const EMISSION_EVENT_PAGE_MAX = 500;

/**
 * An emission event: consecutive rate readings of one sensor at or above the site's `super_emitter_kg_h`,
 * each starting at most 3600 s after the event so far ended. Derived from the stored readings alone.
 */
export const EmissionEventSchema = z.object({
  id: UuidSchema,
  site_id: UuidSchema,
  sensor_id: z.string(),
  kind: z.literal('super_emitter'),
  started_at: z.string(),
  /** End of the event's last interval (`measured_at + duration_s` of its latest-ending reading). */
  ended_at: z.string(),
  peak_rate_kg_h: DecimalStringSchema,
  /** Exact sum of its readings' masses. */
  mass_kg: DecimalStringSchema,
  readings: z.number().int().positive(),
  /** The sensor's latest rate reading belongs to it and its interval ended less than 3600 s ago. */
  open: z.boolean(),
});
export type EmissionEvent = z.infer<typeof EmissionEventSchema>;

/** A page of events; `next_cursor` is present while older events follow. */
export const EmissionEventListSchema = z.object({ data: z.array(EmissionEventSchema), next_cursor: z.string().optional() });
export type EmissionEventList = z.infer<typeof EmissionEventListSchema>;

export const ListEmissionEventsQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be >= 1' })
    .max(EMISSION_EVENT_PAGE_MAX, { error: `must be <= ${EMISSION_EVENT_PAGE_MAX}` })
    .default(100),
  /** `next_cursor` of the previous page: the events after it. */
  cursor: storableText(z.string().max(512)).optional(),
});
export type ListEmissionEventsQuery = z.infer<typeof ListEmissionEventsQuerySchema>;

/**
 * `events.list` on the alerting service: a site's events, newest first; `started` narrows them to those that started
 * in a period, for a site report, which may list up to `REPORT_LIST_MAX` (the public list stays at 500).
 */
export const ListEmissionEventsCommandSchema = ListEmissionEventsQuerySchema.extend({
  site_id: UuidSchema,
  limit: z.number().int().min(1).max(REPORT_LIST_MAX).default(100),
  started: PeriodFilterSchema.optional(),
});
export type ListEmissionEventsCommand = z.infer<typeof ListEmissionEventsCommandSchema>;
