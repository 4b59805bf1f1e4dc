import { z } from 'zod';
import { compareCanonical, fractionDigits } from '../mass/canonical-decimal';
import { MASS_SCALE, parseDecimalInput } from '../mass/decimal-mass';
import { normalizeTimestamp } from '../mass/timestamp';

/** Any 8-4-4-4-12 hex id (PostgreSQL's uuid type accepts them all, nil included). */
export const UuidSchema = z.guid({ error: 'must be a UUID' });

// A UTF-16 surrogate without its partner: it has no UTF-8 form, so PostgreSQL cannot store it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text PostgreSQL can store: no NUL (text columns and jsonb refuse U+0000) and no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** The one refinement for every string the contract accepts that is stored: refused as `invalid_characters`. */
export function storableText<T extends z.ZodType<string>>(schema: T) {
  return schema.refine(isStorableText, { error: STORABLE_TEXT_MESSAGE, params: { code: 'invalid_characters' } });
}

export const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7E]{1,255}$/, { error: 'must be 1 to 255 visible ASCII characters' });

export const SENSOR_ID_MAX_LENGTH = 64;

export const SensorIdSchema = storableText(
  z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(SENSOR_ID_MAX_LENGTH, { error: `must be at most ${SENSOR_ID_MAX_LENGTH} characters` }),
);

/** What `SensorIdSchema` accepts, as a predicate. */
export function isSensorId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= SENSOR_ID_MAX_LENGTH && isStorableText(value);
}

export type DecimalBounds = { min: string; minInclusive: boolean; max: string };

/** A field's rule outcome: the normalised value, or the message and problem code of its refusal. */
export type FieldCheck = { ok: true; value: string } | { ok: false; message: string; code: string };

/** A JSON number or decimal string within bounds, at most 6 fractional digits, as canonical decimal text. */
export function checkDecimalInput(input: unknown, bounds: DecimalBounds): FieldCheck {
  const parsed = parseDecimalInput(input);
  if (!parsed.ok) return { ok: false, message: parsed.message, code: input === undefined ? 'required' : 'invalid_decimal' };
  const value = parsed.value;
  if (fractionDigits(value) > MASS_SCALE)
    return { ok: false, message: `must have at most ${MASS_SCALE} fractional digits`, code: 'invalid_decimal' };
  const vsMin = compareCanonical(value, bounds.min);
  if (bounds.minInclusive ? vsMin < 0 : vsMin <= 0) {
    return { ok: false, message: `must be ${bounds.minInclusive ? '>=' : '>'} ${bounds.min}`, code: 'too_small' };
  }
  if (compareCanonical(value, bounds.max) > 0) return { ok: false, message: `must be <= ${bounds.max}`, code: 'too_big' };
  return { ok: true, value };
}

/** `checkDecimalInput` as a schema: gives canonical decimal text. */
export function massInput(bounds: DecimalBounds) {
  return z.unknown().transform((input, ctx): string => {
    const checked = checkDecimalInput(input, bounds);
    if (checked.ok) return checked.value;
    ctx.addIssue({ code: 'custom', message: checked.message, params: { code: checked.code } });
    return z.NEVER;
  });
}

export const EARLIEST_READING = '2000-01-01T00:00:00Z';
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
const EARLIEST_READING_MS = Date.parse(EARLIEST_READING);

/** A reading time: ISO-8601 with offset, not before 2000-01-01, at most 5 minutes ahead of `nowMs`; normalised to UTC `Z`. */
export function checkReadingTimestamp(input: string, nowMs: number): FieldCheck {
  const parsed = normalizeTimestamp(input);
  if (!parsed.ok) return { ok: false, message: parsed.message, code: 'invalid_timestamp' };
  if (parsed.epochMs < EARLIEST_READING_MS) return { ok: false, message: 'must not be before 2000-01-01T00:00:00Z', code: 'too_small' };
  if (parsed.epochMs > nowMs + MAX_FUTURE_SKEW_MS)
    return { ok: false, message: 'must not be more than 5 minutes in the future', code: 'too_big' };
  return { ok: true, value: parsed.iso };
}

/** `checkReadingTimestamp` as a schema, against the clock at parse time. */
export const ReadingTimestampSchema = z.string({ error: 'must be an ISO-8601 timestamp string' }).transform((input, ctx) => {
  const checked = checkReadingTimestamp(input, Date.now());
  if (checked.ok) return checked.value;
  ctx.addIssue({ code: 'custom', message: checked.message, params: { code: checked.code } });
  return z.NEVER;
});

/** Decimal strings as they appear in responses ("1234.5"). */
/** A decimal as text (digits, an optional sign and fraction): how exact figures travel between the services. */
export const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;
export const DecimalStringSchema = z.string().regex(DECIMAL_STRING);
export const IsoTimestampSchema = z.string();

/** An instant with its offset, as one service hands a period to another (`2025-03-31T15:00:00Z`). */
export const InstantSchema = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant with an offset' });

/** The most emission events, and the most alerts, a site report lists for its period (newest first). */
export const REPORT_LIST_MAX = 10_000;

/** `[from, before)` of a list for a report's period; both optional on the service transport. */
export const PeriodFilterSchema = z.object({ from: InstantSchema.optional(), before: InstantSchema.optional() });
