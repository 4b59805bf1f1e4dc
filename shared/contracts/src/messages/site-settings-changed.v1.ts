import { z } from 'zod';
import { DecimalStringSchema, UuidSchema } from '../http/fields.schema';

export const SITE_SETTINGS_CHANGED = 'site.settings_changed';

/**
 * The outbox event a settings change produces (version 1), so compliance is re-evaluated like any batch:
 * a lowered limit the total already exceeds is a crossing. `limit_revision` counts limit changes: each
 * revision is a new crossing to judge. Consumers dedupe by `event_id`.
 */
export const SiteSettingsChangedV1Schema = z.object({
  event_id: z.string().min(1),
  type: z.literal(SITE_SETTINGS_CHANGED),
  version: z.literal(1),
  site_id: UuidSchema,
  change_id: UuidSchema,
  changed_by: z.string(),
  fields: z.array(z.string()),
  total: DecimalStringSchema,
  emission_limit_before: DecimalStringSchema,
  emission_limit: DecimalStringSchema,
  limit_revision: z.number().int().nonnegative(),
  committed_at: z.string(),
  /**
   * Additive (optional, so older events still parse): the near-limit percentage and the annual limit before
   * and after the change, and the current reporting year's total under the old and the new settings
   * (a changed `reporting_year_start_month` changes which months count).
   */
  near_limit_pct_before: DecimalStringSchema.optional(),
  near_limit_pct: DecimalStringSchema.optional(),
  annual_limit_before: DecimalStringSchema.nullable().optional(),
  annual_limit: DecimalStringSchema.nullable().optional(),
  reporting_year: z
    .object({ start: z.string(), start_at: z.string(), total_before: DecimalStringSchema, total: DecimalStringSchema })
    .optional(),
});
export type SiteSettingsChangedV1 = z.infer<typeof SiteSettingsChangedV1Schema>;
