const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$/;

export type TimestampParseResult = { ok: true; iso: string; epochMs: number } | { ok: false; message: string };

/**
 * Normalises an ISO-8601 timestamp with an offset to UTC with `Z`, keeping up to microseconds
 * (PostgreSQL's precision), so "+00:00" and "Z" spellings of one instant compare equal.
 */
export function normalizeTimestamp(input: string): TimestampParseResult {
  const utc = alreadyNormalUtc(input);
  if (utc !== null) return utc;
  const m = ISO_WITH_OFFSET.exec(input);
  if (!m) return { ok: false, message: 'must be an ISO-8601 timestamp with an offset, e.g. 2026-11-27T10:00:00Z' };
  const [, y, mo, d, h, mi, s, frac = '', offset] = m;
  if (frac.length > 6) return { ok: false, message: 'must have at most 6 fractional second digits' };
  const base = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const probe = new Date(base);
  if (probe.getUTCFullYear() !== +y || probe.getUTCMonth() !== +mo - 1 || probe.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
    return { ok: false, message: 'is not a valid calendar date and time' };
  }
  const offsetMs = offset.toUpperCase() === 'Z' ? 0 : offsetToMs(offset);
  if (offsetMs === null) return { ok: false, message: 'has an invalid UTC offset' };
  const utcSeconds = new Date(base - offsetMs).toISOString().slice(0, 19);
  const fraction = frac.replace(/0+$/, '');
  const epochMs = base - offsetMs + Number(`0.${frac || '0'}`) * 1000;
  return { ok: true, iso: `${utcSeconds}${fraction ? `.${fraction}` : ''}Z`, epochMs };
}

function offsetToMs(offset: string): number | null {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hh, mm] = offset.slice(1).split(':').map(Number);
  if (hh > 23 || mm > 59) return null;
  return sign * (hh * 60 + mm) * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two-digit number at `at`, or -1 when either character is not a digit. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The usual input, UTC with `Z` (`YYYY-MM-DDTHH:MM:SS[.ffffff]Z`, as `toISOString()` writes it): checked by
 * character, without the regex, Date objects and string copies of the general path; returned as it is unless
 * its fraction ends in zeros. Anything else (offsets, lower-case `z`, invalid dates) returns null, and the
 * general path decides.
 */
function alreadyNormalUtc(input: string): TimestampParseResult | null {
  const n = input.length;
  if (n < 20 || n > 27 || input.charCodeAt(n - 1) !== 90 /* Z */) return null;
  if (input[4] !== '-' || input[7] !== '-' || input[10] !== 'T' || input[13] !== ':' || input[16] !== ':') return null;
  const century = twoDigits(input, 0);
  const yy = twoDigits(input, 2);
  const mo = twoDigits(input, 5);
  const d = twoDigits(input, 8);
  const h = twoDigits(input, 11);
  const mi = twoDigits(input, 14);
  const s = twoDigits(input, 17);
  if (century < 0 || yy < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  const y = century * 100 + yy;
  if (y < 100) return null; // Date.UTC reads years 0-99 as 1900-1999
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1])) return null;
  let fractionMs = 0;
  let iso = input;
  if (n > 20) {
    // ".f" to ".ffffff" before the Z; trailing zeros are dropped (".500Z" → ".5Z", ".000Z" → "Z").
    if (input[19] !== '.' || n === 21) return null;
    let lastNonZero = 19;
    for (let i = 20; i < n - 1; i++) {
      const digit = input.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return null;
      if (digit !== 0) lastNonZero = i;
    }
    fractionMs = Number(input.slice(19, n - 1)) * 1000;
    if (lastNonZero !== n - 2) iso = `${input.slice(0, lastNonZero === 19 ? 19 : lastNonZero + 1)}Z`;
  } else if (input[19] !== 'Z') return null;
  return { ok: true, iso, epochMs: Date.UTC(y, mo - 1, d, h, mi, s) + fractionMs };
}
