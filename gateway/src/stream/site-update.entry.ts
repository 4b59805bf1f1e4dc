import { AlertChangedEventSchema, SiteUpdatedEventSchema } from '@emissions/contracts';
import type { z } from 'zod';

/**
 * One entry of the site-updates Redis Stream, as sent to SSE clients (`id:` = the stream entry id). `event`
 * names the SSE event: `site.updated` unless the entry says otherwise (`alert.changed`).
 */
export type SiteUpdateEntry = { id: string; data: string; event?: string };

export const SITE_UPDATED_EVENT = 'site.updated';
/** The events an entry may carry (no `event` field: site.updated), each with the shared schema of its payload. */
const PAYLOADS: Record<string, z.ZodType> = { [SITE_UPDATED_EVENT]: SiteUpdatedEventSchema, 'alert.changed': AlertChangedEventSchema };

/** Why an entry was not passed to browsers. */
export type InvalidEntry = { id: string; reason: string };

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

/**
 * Entries as ioredis returns them from XRANGE/XREAD: [id, [field, value, ...]]; the payload is field `data`.
 * Anyone who can write to Redis can write to the stream, so only entries whose payload parses with the shared
 * schema of their event reach a browser, re-serialised from the parsed value (no unknown field, no line break
 * that could forge SSE fields); the others go to `onInvalid`.
 */
export function toEntries(raw: Array<[string, string[]]>, onInvalid: (invalid: InvalidEntry) => void = () => undefined): SiteUpdateEntry[] {
  const out: SiteUpdateEntry[] = [];
  for (const [id, fields] of raw) {
    const event = fieldOf(fields, 'event') ?? SITE_UPDATED_EVENT;
    const schema = Object.hasOwn(PAYLOADS, event) ? PAYLOADS[event] : undefined;
    const data = fieldOf(fields, 'data');
    if (!schema || data === undefined) {
      onInvalid({ id, reason: schema ? 'no data field' : 'unknown event name' });
      continue;
    }
    const payload = parsePayload(schema, data);
    if (payload === null) {
      onInvalid({ id, reason: `payload outside the ${event} schema` });
      continue;
    }
    out.push(event === SITE_UPDATED_EVENT ? { id, data: payload } : { id, data: payload, event });
  }
  return out;
}

function parsePayload(schema: z.ZodType, data: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? JSON.stringify(parsed.data) : null;
}
