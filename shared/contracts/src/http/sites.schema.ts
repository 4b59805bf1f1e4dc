import { z } from 'zod';
import { DecimalStringSchema, isStorableText, massInput, STORABLE_TEXT_MESSAGE, storableText, UuidSchema } from './fields.schema';

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
});
export type Site = z.infer<typeof SiteSchema>;

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
});
export type SiteMetrics = z.infer<typeof SiteMetricsSchema>;
