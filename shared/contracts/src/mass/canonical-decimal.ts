import Decimal from 'decimal.js';

/**
 * Canonical decimal text by string operations only: the hot path parses 100 values per request, and
 * building a Decimal object for each costs more than the rest of validation together.
 * "0005.50" → "5.5", "-0.0" → "0", ".5" → "0.5". Returns null for anything that is not plain decimal text.
 */
export function canonicalDecimal(text: string): string | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const int = m[2].replace(/^0+/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const magnitude = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && magnitude !== '0' ? `-${magnitude}` : magnitude;
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

function compareMagnitude(a: string, b: string): -1 | 0 | 1 {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  if (ai.length !== bi.length) return ai.length < bi.length ? -1 : 1;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const len = Math.max(af.length, bf.length);
  const pa = af.padEnd(len, '0');
  const pb = bf.padEnd(len, '0');
  if (pa === pb) return 0;
  return pa < pb ? -1 : 1;
}

/** Exponent notation (only ever from a JSON number) goes through Decimal once, then the fast path. */
export function expandExponent(text: string): string {
  return new Decimal(text).toFixed();
}
