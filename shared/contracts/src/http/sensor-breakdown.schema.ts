import { z } from 'zod';
import { DecimalStringSchema, UuidSchema } from './fields.schema';

export const SENSOR_BREAKDOWN_MAX = 1000;
export const SENSOR_BREAKDOWN_DEFAULT = 100;

/** A calendar month `YYYY-MM` (in the site's zone when a route says so); 2000-01 or later, like readings. */
export const LocalMonthSchema = z
  .string({ error: 'must be a month such as 2026-11' })
  .regex(/^(2\d{3})-(0[1-9]|1[0-2])$/, { error: 'must be a month such as 2026-11 (2000-01 or later)' });

/**
 * `?from=&to=&limit=` of a site's per-sensor breakdown: local months in the site's zone, `from` inclusive and
 * `to` exclusive (`from=2026-01&to=2026-04` is January to March); either may be left out (open-ended).
 * Whole months only, because the breakdown is read from a per-sensor, per-local-month rollup.
 */
export const SensorBreakdownQuerySchema = z
  .object({
    from: LocalMonthSchema.optional(),
    to: LocalMonthSchema.optional(),
    limit: z.coerce
      .number({ error: 'must be an integer' })
      .int({ error: 'must be an integer' })
      .min(1, { error: 'must be >= 1' })
      .max(SENSOR_BREAKDOWN_MAX, { error: `must be <= ${SENSOR_BREAKDOWN_MAX}` })
      .default(SENSOR_BREAKDOWN_DEFAULT),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    path: ['to'],
    error: 'must be a later month than from',
  });
export type SensorBreakdownQuery = z.infer<typeof SensorBreakdownQuerySchema>;

/** One sensor's share of a site's emissions over the range. */
export const SensorTotalSchema = z.object({
  sensor_id: z.string(),
  /** Exact sum of the sensor's readings in the range, kg. */
  total_kg: DecimalStringSchema,
  readings: z.number().int().nonnegative(),
  first_measured_at: z.string(),
  last_measured_at: z.string(),
  /** total_kg ÷ the site's total over the range × 100, 2 decimals; null when that total is 0. */
  share_pct: z.number().nullable(),
});
export type SensorTotal = z.infer<typeof SensorTotalSchema>;

/** `GET /sites/{id}/sensors`: the site's sensors, largest total first (ties by sensor id), at most `limit`. */
export const SensorBreakdownSchema = z.object({
  site_id: UuidSchema,
  timezone: z.string(),
  /** The months asked for (`null`: open-ended) and the UTC instants they start at. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  /** The whole range, every sensor counted (not only the ones listed). */
  total_kg: DecimalStringSchema,
  readings: z.number().int().nonnegative(),
  sensor_count: z.number().int().nonnegative(),
  data: z.array(SensorTotalSchema),
});
export type SensorBreakdown = z.infer<typeof SensorBreakdownSchema>;
