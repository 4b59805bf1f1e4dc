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

export const SensorIdSchema = storableText(
  z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(64, { error: 'must be at most 64 characters' }),
);

type DecimalBounds = { min: string; minInclusive: boolean; max: string };

/** A JSON number or decimal string within bounds, at most 6 fractional digits; gives canonical decimal text. */
export function massInput(bounds: DecimalBounds) {
  return z.unknown().transform((input, ctx): string => {
    const parsed = parseDecimalInput(input);
    const fail = (message: string, code: string) => {
      ctx.addIssue({ code: 'custom', message, params: { code } });
      return z.NEVER;
    };
    if (!parsed.ok) return fail(parsed.message, input === undefined ? 'required' : 'invalid_decimal');
    const value = parsed.value;
    if (fractionDigits(value) > MASS_SCALE) return fail(`must have at most ${MASS_SCALE} fractional digits`, 'invalid_decimal');
    const vsMin = compareCanonical(value, bounds.min);
    if (bounds.minInclusive ? vsMin < 0 : vsMin <= 0) return fail(`must be ${bounds.minInclusive ? '>=' : '>'} ${bounds.min}`, 'too_small');
    if (compareCanonical(value, bounds.max) > 0) return fail(`must be <= ${bounds.max}`, 'too_big');
    return value;
  });
}

export const EARLIEST_READING = '2000-01-01T00:00:00Z';
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
const EARLIEST_READING_MS = Date.parse(EARLIEST_READING);

/** A reading time: ISO-8601 with offset, not before 2000-01-01, at most 5 minutes ahead; normalised to UTC `Z`. */
export const ReadingTimestampSchema = z.string({ error: 'must be an ISO-8601 timestamp string' }).transform((input, ctx) => {
  const parsed = normalizeTimestamp(input);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message, params: { code: 'invalid_timestamp' } });
    return z.NEVER;
  }
  if (parsed.epochMs < EARLIEST_READING_MS) {
    ctx.addIssue({ code: 'custom', message: 'must not be before 2000-01-01T00:00:00Z', params: { code: 'too_small' } });
    return z.NEVER;
  }
  if (parsed.epochMs > Date.now() + MAX_FUTURE_SKEW_MS) {
    ctx.addIssue({ code: 'custom', message: 'must not be more than 5 minutes in the future', params: { code: 'too_big' } });
    return z.NEVER;
  }
  return parsed.iso;
});

/** Decimal strings as they appear in responses ("1234.5"). */
export const DecimalStringSchema = z.string().regex(/^-?\d+(\.\d+)?$/);
export const IsoTimestampSchema = z.string();
