import { z } from 'zod';
import { DecimalStringSchema, isStorableText, massInput, STORABLE_TEXT_MESSAGE, storableText, UuidSchema } from './fields.schema';
import { settingsInputShape } from './site-settings.schema';

export const METADATA_MAX_BYTES = 8 * 1024;

/** The path of the first key or string value, at any depth, that PostgreSQL could not store; null when all can be. */
export function unstorableTextPath(value: unknown): PropertyKey[] | null {
  const pending: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: v, path } = next;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return path;
    } else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) pending.push({ value: item, path: [...path, i] });
    } else if (v && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (!isStorableText(key)) return [...path, key];
        pending.push({ value: item, path: [...path, key] });
      }
    }
  }
  return null;
}

export const SiteMetadataSchema = z
  .record(z.string(), z.unknown(), { error: 'must be a JSON object' })
  .refine((m) => new TextEncoder().encode(JSON.stringify(m)).length <= METADATA_MAX_BYTES, {
    error: `must be at most ${METADATA_MAX_BYTES} bytes as JSON`,
  })
  .superRefine((m, ctx) => {
    // Keys and string values at any depth land in a jsonb column.
    const path = unstorableTextPath(m);
    if (path) ctx.addIssue({ code: 'custom', path, message: STORABLE_TEXT_MESSAGE, params: { code: 'invalid_characters' } });
  });

export const CreateSiteRequestSchema = z.object({
  name: storableText(
    z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(120, { error: 'must be at most 120 characters' }),
  ),
  emission_limit: massInput({ min: '0', minInclusive: false, max: '1000000000000' }),
  metadata: SiteMetadataSchema.default({}),
  ...settingsInputShape(),
});
export type CreateSiteRequest = z.infer<typeof CreateSiteRequestSchema>;
export type CreateSiteInput = z.input<typeof CreateSiteRequestSchema>;

export const COMPLIANCE_STATUSES = ['Within Limit', 'Limit Exceeded'] as const;
export const ComplianceStatusSchema = z.enum(COMPLIANCE_STATUSES);
export type ComplianceStatus = z.infer<typeof ComplianceStatusSchema>;

export const SiteSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  emission_limit: DecimalStringSchema,
  metadata: z.record(z.string(), z.unknown()),
  total_emissions_to_date: DecimalStringSchema,
  compliance_status: ComplianceStatusSchema,
  created_at: z.string(),
  updated_at: z.string(),
  /** Added after v1's first release (optional, so older servers still parse): the newest reading's time. */
  last_measured_at: z.string().nullable().optional(),
  /** Settings added with compliance accounting (optional, so v1 clients and older servers still parse). */
  timezone: z.string().optional(),
  annual_limit: DecimalStringSchema.nullable().optional(),
  reporting_year_start_month: z.number().int().optional(),
  near_limit_pct: z.number().optional(),
  super_emitter_kg_h: DecimalStringSchema.optional(),
  archived_at: z.string().nullable().optional(),
});
export type Site = z.infer<typeof SiteSchema>;

/** What a fleet overview draws a site's row from: the part of a Site that the live stream's snapshot carries. */
export const SiteSummarySchema = SiteSchema.pick({
  id: true,
  name: true,
  emission_limit: true,
  metadata: true,
  total_emissions_to_date: true,
  compliance_status: true,
  last_measured_at: true,
  near_limit_pct: true,
});
export type SiteSummary = z.infer<typeof SiteSummarySchema>;

export const SITE_PAGE_MAX = 500;
export const SITE_PAGE_DEFAULT = 100;

export const ListSitesQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be >= 1' })
    .max(SITE_PAGE_MAX, { error: `must be <= ${SITE_PAGE_MAX}` })
    .default(SITE_PAGE_DEFAULT),
  cursor: storableText(z.string().max(512)).optional(),
  /** Query text from HTTP, a boolean once parsed (the RPC edge parses the parsed value again). */
  include_archived: z
    .union([z.boolean(), z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true')])
    .default(false),
});
export type ListSitesQuery = z.infer<typeof ListSitesQuerySchema>;

export const SiteListSchema = z.object({ data: z.array(SiteSchema), next_cursor: z.string().optional() });
export type SiteList = z.infer<typeof SiteListSchema>;

export const SiteIdParamsSchema = z.object({ id: UuidSchema });

export const SiteWindowsSchema = z.object({
  last_24h: DecimalStringSchema,
  last_7d: DecimalStringSchema,
  last_30d: DecimalStringSchema,
});

export const MonthlyTotalSchema = z.object({ month: z.string(), total: DecimalStringSchema, count: z.number().int() });

/** The current reporting year in the site's zone: `start` inclusive, `end` exclusive, both UTC instants. */
export const ReportingPeriodSchema = z.object({
  start: z.string(),
  end: z.string(),
  total: DecimalStringSchema,
  annual_limit: DecimalStringSchema.nullable(),
  remaining: DecimalStringSchema.nullable(),
  status: ComplianceStatusSchema.nullable(),
  projected_total: DecimalStringSchema,
});
export type ReportingPeriod = z.infer<typeof ReportingPeriodSchema>;

/** CH4 as tonnes of CO2-equivalent under a named GWP set (kept as data in the ingestion database). */
export const Co2eSchema = z.object({
  gwp_set: z.string(),
  gwp_factor: DecimalStringSchema,
  gwp_source: z.string(),
  total_t: DecimalStringSchema,
  period_t: DecimalStringSchema,
});
export type Co2e = z.infer<typeof Co2eSchema>;

/** `?gwp=`: the name of a GWP set; which names exist is data (unknown ones are 400). */
export const GwpQuerySchema = z.object({
  gwp: z.string().min(1, { error: 'must not be empty' }).max(64, { error: 'must be at most 64 characters' }).optional(),
});
export type GwpQuery = z.infer<typeof GwpQuerySchema>;

export const SiteMetricsSchema = z.object({
  site_id: UuidSchema,
  name: z.string(),
  emission_limit: DecimalStringSchema,
  total_emissions_to_date: DecimalStringSchema,
  remaining: DecimalStringSchema,
  utilization_pct: z.number(),
  compliance_status: ComplianceStatusSchema,
  measurement_count: z.number().int(),
  batch_count: z.number().int(),
  first_measured_at: z.string().nullable(),
  last_measured_at: z.string().nullable(),
  windows: SiteWindowsSchema,
  monthly: z.array(MonthlyTotalSchema),
  /** Compliance accounting (optional: older servers omit them). */
  period: ReportingPeriodSchema.optional(),
  near_limit: z.boolean().optional(),
  co2e: Co2eSchema.optional(),
});
export type SiteMetrics = z.infer<typeof SiteMetricsSchema>;

/** `PATCH /sites/{id}`: any of these fields; unknown fields are refused (strict). */
export const PatchSiteRequestSchema = z
  .strictObject(
    {
      name: storableText(
        z
          .string({ error: 'must be a string' })
          .trim()
          .min(1, { error: 'must not be empty' })
          .max(120, { error: 'must be at most 120 characters' }),
      ).optional(),
      emission_limit: massInput({ min: '0', minInclusive: false, max: '1000000000000' }).optional(),
      metadata: SiteMetadataSchema.optional(),
      ...settingsInputShape(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a field of a site' : 'must be a JSON object') },
  )
  .refine((body) => Object.keys(body).length > 0, { error: 'must change at least one field' });
export type PatchSiteRequest = z.infer<typeof PatchSiteRequestSchema>;
export type PatchSiteInput = z.input<typeof PatchSiteRequestSchema>;

/** One settings change as the append-only change log keeps it. */
export const SiteChangeSchema = z.object({
  changed_at: z.string(),
  changed_by: z.string(),
  field: z.string(),
  old_value: z.unknown(),
  new_value: z.unknown(),
});
export type SiteChange = z.infer<typeof SiteChangeSchema>;

export const SiteChangeListSchema = z.object({ data: z.array(SiteChangeSchema) });
export type SiteChangeList = z.infer<typeof SiteChangeListSchema>;
