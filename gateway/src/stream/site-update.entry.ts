/**
 * One entry of the site-updates Redis Stream, as sent to SSE clients (`id:` = the stream entry id). `event`
 * names the SSE event: `site.updated` unless the entry says otherwise (`alert.changed`).
 */
export type SiteUpdateEntry = { id: string; data: string; event?: string };

export const SITE_UPDATED_EVENT = 'site.updated';
/** Event names an entry may carry; anything else is sent as `site.updated`, never passed through unchecked. */
const KNOWN_EVENTS = new Set([SITE_UPDATED_EVENT, 'alert.changed']);

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

/** Reads the value of `name` from a flat [field, value, ...] list (field positions only). */
function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** Entries as ioredis returns them from XRANGE/XREAD: [id, [field, value, ...]]; the payload is field `data`. */
export function toEntries(raw: Array<[string, string[]]>): SiteUpdateEntry[] {
  const out: SiteUpdateEntry[] = [];
  for (const [id, fields] of raw) {
    const data = fieldOf(fields, 'data');
    if (data === undefined) continue;
    const event = fieldOf(fields, 'event');
    out.push(event && KNOWN_EVENTS.has(event) && event !== SITE_UPDATED_EVENT ? { id, data, event } : { id, data });
  }
  return out;
}
