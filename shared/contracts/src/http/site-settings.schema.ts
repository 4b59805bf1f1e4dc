import { z } from 'zod';
import { massInput } from './fields.schema';

/** An IANA zone name the runtime knows ("Asia/Tokyo"); PostgreSQL's tz database is checked again on write. */
export const TimeZoneSchema = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  .refine(isKnownTimeZone, { error: 'must be an IANA time zone name such as "Europe/Berlin"' });

function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const AnnualLimitSchema = z.union([z.null(), massInput({ min: '0', minInclusive: false, max: '1000000000000' })]);
const StartMonthSchema = z
  .number({ error: 'must be an integer 1..12' })
  .int({ error: 'must be an integer 1..12' })
  .min(1, { error: 'must be >= 1' })
  .max(12, { error: 'must be <= 12' });
const NearLimitPctSchema = z
  .number({ error: 'must be a number 1..100' })
  .min(1, { error: 'must be >= 1' })
  .max(100, { error: 'must be <= 100' })
  .refine((n) => Number.isInteger(n * 100), { error: 'must have at most 2 fractional digits' });
const SuperEmitterSchema = massInput({ min: '0', minInclusive: false, max: '1000000000' });

/** The settings a site may be created with; every one optional (the contract's defaults apply). */
export function settingsInputShape() {
  return {
    timezone: TimeZoneSchema.optional(),
    annual_limit: AnnualLimitSchema.optional(),
    reporting_year_start_month: StartMonthSchema.optional(),
    near_limit_pct: NearLimitPctSchema.optional(),
    super_emitter_kg_h: SuperEmitterSchema.optional(),
  };
}
