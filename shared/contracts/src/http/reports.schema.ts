import { z } from 'zod';
import { AlertSchema } from './alerts.schema';
import { EmissionEventSchema } from './emission-events.schema';
import { DecimalStringSchema, UuidSchema } from './fields.schema';
import { ComplianceStatusSchema, GwpQuerySchema } from './sites.schema';

export const EXPORT_FORMATS = ['json', 'csv'] as const;
const FormatSchema = z.enum(EXPORT_FORMATS, { error: 'must be json or csv' }).default('json');

/** `?year=YYYY&gwp=&format=` of the site and fleet reports: the reporting year that starts in `year`. */
export const ReportQuerySchema = z
  .object({
    year: z.coerce
      .number({ error: 'must be a year such as 2026' })
      .int({ error: 'must be a year such as 2026' })
      .min(2000, { error: 'must be >= 2000' })
      .max(2100, { error: 'must be <= 2100' }),
    format: FormatSchema,
  })
  .extend(GwpQuerySchema.shape);
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

export const ReportMonthSchema = z.object({
  month: z.string(),
  ch4_kg: DecimalStringSchema,
  co2e_t: DecimalStringSchema,
  readings: z.number().int(),
});

/** The figures of one site's reporting year; the fleet report has one such row per site. */
export const SiteReportFiguresSchema = z.object({
  site_id: UuidSchema,
  name: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  timezone: z.string(),
  ch4_kg: DecimalStringSchema,
  ch4_t: DecimalStringSchema,
  co2e_t: DecimalStringSchema,
  gwp_set: z.string(),
  gwp_factor: DecimalStringSchema,
  annual_limit: DecimalStringSchema.nullable(),
  status: ComplianceStatusSchema.nullable(),
  readings: z.number().int(),
  days_with_data: z.number().int(),
  days_in_period: z.number().int(),
});
export type SiteReportFigures = z.infer<typeof SiteReportFiguresSchema>;

export const SiteReportSchema = SiteReportFiguresSchema.extend({
  monthly: z.array(ReportMonthSchema),
  events: z.array(EmissionEventSchema),
  alerts: z.array(AlertSchema),
});
export type SiteReport = z.infer<typeof SiteReportSchema>;

export const FleetReportSchema = z.object({ year: z.number().int(), data: z.array(SiteReportFiguresSchema) });
export type FleetReport = z.infer<typeof FleetReportSchema>;

export const READINGS_PAGE_MAX = 10_000;

/** `GET /sites/{id}/readings`: readings in [from, to), oldest first. CSV streams all of them; JSON answers pages. */
export const ReadingsExportQuerySchema = z.object({
  from: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp with an offset' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp with an offset' }).optional(),
  format: FormatSchema,
  cursor: z.string().max(512).optional(),
  limit: z.coerce
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be >= 1' })
    .max(READINGS_PAGE_MAX, { error: `must be <= ${READINGS_PAGE_MAX}` })
    .default(1000),
});
export type ReadingsExportQuery = z.infer<typeof ReadingsExportQuerySchema>;

export const ExportedReadingSchema = z.object({
  measured_at: z.string(),
  sensor_id: z.string(),
  mass_kg: DecimalStringSchema,
  rate_kg_h: DecimalStringSchema.nullable(),
  duration_s: z.number().int().nullable(),
  batch_id: UuidSchema,
});
export type ExportedReading = z.infer<typeof ExportedReadingSchema>;

export const ReadingsPageSchema = z.object({ data: z.array(ExportedReadingSchema), next_cursor: z.string().nullable() });
export type ReadingsPage = z.infer<typeof ReadingsPageSchema>;
