const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$/;

export type TimestampParseResult = { ok: true; iso: string; epochMs: number } | { ok: false; message: string };

/**
 * Normalises an ISO-8601 timestamp with an offset to UTC with `Z`, keeping up to microseconds
 * (PostgreSQL's precision), so "+00:00" and "Z" spellings of one instant compare equal.
 */
export function normalizeTimestamp(input: string): TimestampParseResult {
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
