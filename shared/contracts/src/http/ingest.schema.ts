import { z } from 'zod';
import { compareMasses, ExactDecimal } from '../mass/decimal-mass';
import { isRateUnit, MAX_DURATION_S, RATE_UNITS, rateToKilograms } from '../mass/rates';
import { MASS_UNITS, toKilograms } from '../mass/units';
import {
  type DecimalBounds,
  DecimalStringSchema,
  IdempotencyKeySchema,
  massInput,
  ReadingTimestampSchema,
  SensorIdSchema,
  UuidSchema,
} from './fields.schema';
import { ComplianceStatusSchema } from './sites.schema';

export const MAX_READINGS_PER_BATCH = 100;
export const MAX_READING_KG = '1000000000';
export const DEFAULT_SENSOR_ID = 'default';

/** Bounds of a v1 reading's value (kg) and of a v2 reading's value before its unit is applied. */
export const V1_VALUE_BOUNDS: DecimalBounds = { min: '0', minInclusive: true, max: MAX_READING_KG };
export const V2_VALUE_BOUNDS: DecimalBounds = { min: '0', minInclusive: true, max: '1000000000000000' };

/** What `DurationSchema` accepts, as a predicate. */
export function isDurationS(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_DURATION_S;
}

const DurationSchema = z
  .number({ error: 'must be an integer number of seconds' })
  .int({ error: 'must be an integer number of seconds' })
  .min(1, { error: 'must be >= 1' })
  .max(MAX_DURATION_S, { error: `must be <= ${MAX_DURATION_S}` });

/**
 * A reading after validation: UTC timestamp, kilograms as a canonical decimal string. A rate reading also
 * keeps its rate in kg/h and its interval (`value` is then the mass over that interval); both or neither.
 */
export const NormalizedReadingSchema = z
  .object({
    sensor_id: SensorIdSchema,
    measured_at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, { error: 'must be a normalised UTC timestamp' }),
    value: z
      .string()
      .regex(/^\d{1,10}(\.\d{1,6})?$/, { error: 'must be a canonical decimal string with at most 6 fractional digits' })
      .refine((v) => compareMasses(v, MAX_READING_KG) <= 0, { error: `must be <= ${MAX_READING_KG}` }),
    rate_kg_h: z
      .string()
      .regex(/^\d{1,16}(\.\d{1,6})?$/, { error: 'must be a canonical decimal string with at most 6 fractional digits' })
      .optional(),
    duration_s: DurationSchema.optional(),
  })
  .refine((r) => (r.rate_kg_h === undefined) === (r.duration_s === undefined), {
    error: 'a rate reading carries both rate_kg_h and duration_s',
  });
export type NormalizedReading = z.infer<typeof NormalizedReadingSchema>;

const readingsArray = <T extends z.ZodType>(reading: T) =>
  z
    .array(reading, { error: 'must be an array of readings' })
    .min(1, { error: 'must contain at least 1 reading' })
    .max(MAX_READINGS_PER_BATCH, { error: `must contain at most ${MAX_READINGS_PER_BATCH} readings` });

export const IngestV1ReadingSchema = z
  .object({
    timestamp: ReadingTimestampSchema,
    value: massInput(V1_VALUE_BOUNDS),
    sensor_id: SensorIdSchema.optional(),
  })
  .transform((r): NormalizedReading => ({ sensor_id: r.sensor_id ?? DEFAULT_SENSOR_ID, measured_at: r.timestamp, value: r.value }));

export const IngestV1RequestSchema = z.object({
  site_id: UuidSchema,
  readings: readingsArray(IngestV1ReadingSchema),
});
export type IngestV1Request = z.infer<typeof IngestV1RequestSchema>;

/** Units of a v2 reading: masses, then rates (which need `duration_s`). */
export const V2_UNITS = [...MASS_UNITS, ...RATE_UNITS] as const;
export type V2Unit = (typeof V2_UNITS)[number];

/**
 * A v2 reading: a mass (`kg`, `g`, `t`, `lb`) or a rate (`kg/h`, `scf/h`) over `duration_s` seconds,
 * required for rates and refused for masses. Either way `value` becomes kg; a rate also keeps `rate_kg_h`.
 */
export const IngestV2ReadingSchema = z
  .object({
    sensor_id: SensorIdSchema,
    measured_at: ReadingTimestampSchema,
    value: massInput(V2_VALUE_BOUNDS),
    unit: z.enum(V2_UNITS, { error: `must be one of ${V2_UNITS.join(', ')}` }),
    duration_s: DurationSchema.optional(),
  })
  .transform((r, ctx): NormalizedReading => {
    const normalized = normalizeV2Reading(r);
    if (normalized.ok) return normalized.reading;
    ctx.addIssue({ code: 'custom', path: [normalized.path], message: normalized.message, params: { code: normalized.code } });
    return z.NEVER;
  });

/** A v2 reading's fields, each already valid on its own. */
export type V2ReadingFields = { sensor_id: string; measured_at: string; value: string; unit: V2Unit; duration_s?: number };
export type V2ReadingOutcome = { ok: true; reading: NormalizedReading } | { ok: false; path: string; message: string; code: string };

/** The rules between a v2 reading's fields: a rate needs its interval, a mass has none, and the result is in kg. */
export function normalizeV2Reading(r: V2ReadingFields): V2ReadingOutcome {
  let reading: NormalizedReading;
  if (isRateUnit(r.unit)) {
    if (r.duration_s === undefined)
      return { ok: false, path: 'duration_s', message: 'is required for a rate (kg/h, scf/h)', code: 'required' };
    const converted = rateToKilograms(new ExactDecimal(r.value), r.unit, r.duration_s);
    reading = {
      sensor_id: r.sensor_id,
      measured_at: r.measured_at,
      value: converted.mass_kg,
      rate_kg_h: converted.rate_kg_h,
      duration_s: r.duration_s,
    };
  } else {
    if (r.duration_s !== undefined) {
      return { ok: false, path: 'duration_s', message: 'must not be given for a mass (kg, g, t, lb)', code: 'unrecognized_keys' };
    }
    reading = { sensor_id: r.sensor_id, measured_at: r.measured_at, value: toKilograms(new ExactDecimal(r.value), r.unit) };
  }
  if (compareMasses(reading.value, MAX_READING_KG) > 0)
    return { ok: false, path: 'value', message: 'must be <= 1000000000 kg once converted', code: 'too_big' };
  return { ok: true, reading };
}

export const IngestV2RequestSchema = z.object({
  site_id: UuidSchema,
  readings: readingsArray(IngestV2ReadingSchema),
});
export type IngestV2Request = z.infer<typeof IngestV2RequestSchema>;

export const ReadingConflictSchema = z.object({
  index: z.number().int(),
  sensor_id: z.string(),
  measured_at: z.string(),
  stored_value: DecimalStringSchema,
  sent_value: DecimalStringSchema,
});
export type ReadingConflict = z.infer<typeof ReadingConflictSchema>;

export const IngestResponseSchema = z.object({
  batch_id: UuidSchema,
  site_id: UuidSchema,
  idempotency_key: z.string(),
  readings_received: z.number().int(),
  readings_accepted: z.number().int(),
  readings_duplicate: z.number().int(),
  readings_conflicting: z.number().int(),
  conflicts: z.array(ReadingConflictSchema),
  total_emissions_to_date: DecimalStringSchema,
  compliance_status: ComplianceStatusSchema,
  accepted_at: z.string(),
});
export type IngestResponse = z.infer<typeof IngestResponseSchema>;

export { IdempotencyKeySchema };
