import Decimal from 'decimal.js';

/**
 * Canonical decimal text by string operations only: the hot path parses 100 values per request, and
 * building a Decimal object for each costs more than the rest of validation together.
 * "0005.50" → "5.5", "-0.0" → "0", ".5" → "0.5". Returns null for anything that is not plain decimal text.
 */
export function canonicalDecimal(text: string): string | null {
  if (isCanonical(text)) return text;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const int = m[2].replace(/^0+/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const magnitude = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && magnitude !== '0' ? `-${magnitude}` : magnitude;
}

const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MINUS = 45;

/** Already canonical (the usual input: "1.5", "-12.25", "0.000001"), so it is returned without a copy. */
function isCanonical(text: string): boolean {
  const start = text.charCodeAt(0) === MINUS ? 1 : 0;
  const end = text.length;
  if (end === start) return false;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (dot !== -1) return false;
      dot = i;
    } else if (c < ZERO || c > NINE) return false;
  }
  const intEnd = dot === -1 ? end : dot;
  if (intEnd === start) return false; // ".5"
  if (text.charCodeAt(start) === ZERO && intEnd - start > 1) return false; // "05"
  if (dot !== -1 && (dot === end - 1 || text.charCodeAt(end - 1) === ZERO)) return false; // "5." or "5.50"
  // "-0" is not canonical; "-0.5" is.
  return !(start === 1 && dot === -1 && intEnd - start === 1 && text.charCodeAt(1) === ZERO);
}

export function fractionDigits(canonical: string): number {
  const dot = canonical.indexOf('.');
  return dot === -1 ? 0 : canonical.length - dot - 1;
}

/** Compares two canonical decimals exactly (as produced by canonicalDecimal or PostgreSQL's trim_scale). */
export function compareCanonical(a: string, b: string): -1 | 0 | 1 {
  const negA = a.startsWith('-');
  const negB = b.startsWith('-');
  if (negA !== negB) return negA ? -1 : 1;
  const cmp = compareMagnitude(negA ? a.slice(1) : a, negB ? b.slice(1) : b);
  return (negA && cmp !== 0 ? -cmp : cmp) as -1 | 0 | 1;
}

/** Magnitudes of canonical text (no leading zeros), digit by digit: no split or padded copies on the hot path. */
function compareMagnitude(a: string, b: string): -1 | 0 | 1 {
  const aDot = a.indexOf('.');
  const bDot = b.indexOf('.');
  const aInt = aDot === -1 ? a.length : aDot;
  const bInt = bDot === -1 ? b.length : bDot;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const aEnd = a.length;
  const bEnd = b.length;
  const digits = Math.max(aEnd, bEnd);
  for (let i = 0; i < digits; i++) {
    // Past the end of the shorter text (or across a missing fraction), a digit is 0; the dot sits at aInt in both.
    const x = i < aEnd ? a.charCodeAt(i) : i === aInt ? DOT : ZERO;
    const y = i < bEnd ? b.charCodeAt(i) : i === bInt ? DOT : ZERO;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Exponent notation (only ever from a JSON number) goes through Decimal once, then the fast path. */
export function expandExponent(text: string): string {
  return new Decimal(text).toFixed();
}
