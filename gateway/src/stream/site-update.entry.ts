/** One entry of the site-updates Redis Stream, as sent to SSE clients (`id:` = the stream entry id). */
export type SiteUpdateEntry = { id: string; data: string };

const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

export function isStreamId(value: unknown): value is string {
  return typeof value === 'string' && STREAM_ID.test(value);
}

/** Orders Redis stream ids (`<ms>-<seq>`) numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** Entries as ioredis returns them from XRANGE/XREAD: [id, [field, value, ...]]; the payload is field `data`. */
export function toEntries(raw: Array<[string, string[]]>): SiteUpdateEntry[] {
  const out: SiteUpdateEntry[] = [];
  for (const [id, fields] of raw) {
    const at = fields.indexOf('data');
    if (at >= 0 && at + 1 < fields.length) out.push({ id, data: fields[at + 1] });
  }
  return out;
}
