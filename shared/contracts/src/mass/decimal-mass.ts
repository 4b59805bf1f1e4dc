import Decimal from 'decimal.js';
import { canonicalDecimal, compareCanonical, expandExponent } from './canonical-decimal';

/** Every mass is kept at 6 fractional digits (1 mg of CH4); NUMERIC(…, 6) in PostgreSQL. */
export const MASS_SCALE = 6;

// A private constructor so the global Decimal settings of another module cannot change our rounding.
export const ExactDecimal = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
export type ExactDecimal = InstanceType<typeof ExactDecimal>;

// A JSON number is only exact up to 15 significant digits (IEEE-754 double); beyond that we ask for a string.
const MAX_EXACT_NUMBER_DIGITS = 15;

export type MassParseResult = { ok: true; value: string } | { ok: false; message: string };

/**
 * Parses a JSON number or a decimal string into canonical decimal text, refusing anything ambiguous.
 * The result has no exponent, no leading or trailing zeros ("5.50" → "5.5").
 */
export function parseDecimalInput(input: unknown): MassParseResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: 'must be a finite decimal' };
    let text = String(input);
    if (/e/i.test(text)) text = expandExponent(text);
    else if (significantDigits(text) > MAX_EXACT_NUMBER_DIGITS) {
      return { ok: false, message: 'has more than 15 significant digits; send it as a decimal string' };
    }
    return { ok: true, value: canonicalDecimal(text) ?? '0' };
  }
  if (typeof input === 'string') {
    const value = canonicalDecimal(input.trim());
    if (value === null) return { ok: false, message: 'must be a decimal number such as "12.5"' };
    return { ok: true, value };
  }
  return { ok: false, message: 'must be a decimal number or a decimal string' };
}

function significantDigits(text: string): number {
  return text.replace(/^[-+]?0*\.?0*/, '').replace('.', '').length;
}

/** Canonical text of a mass: no exponent, no trailing zeros, "0" for zero ("5.50" → "5.5"). */
export function formatMass(value: ExactDecimal | string): string {
  const d = typeof value === 'string' ? new ExactDecimal(value) : value;
  if (d.isZero()) return '0';
  return d.toFixed();
}

/** Rounds half-up to the kept precision, then formats canonically. */
export function roundMass(value: ExactDecimal): string {
  return formatMass(value.toDecimalPlaces(MASS_SCALE, ExactDecimal.ROUND_HALF_UP));
}

export function addMasses(values: readonly string[]): string {
  let sum = new ExactDecimal(0);
  for (const v of values) sum = sum.plus(v);
  return formatMass(sum);
}

export function compareMasses(a: string, b: string): -1 | 0 | 1 {
  const ca = canonicalDecimal(a);
  const cb = canonicalDecimal(b);
  if (ca !== null && cb !== null) return compareCanonical(ca, cb);
  return new ExactDecimal(a).comparedTo(b) as -1 | 0 | 1;
}
