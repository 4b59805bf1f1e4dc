import { FeatureError } from '@emissions/service-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MICROS = /^-?\d{1,19}$/;

/** The opaque cursor of a keyset page: base64url JSON of the last row's sort key. */
export function encodeKeysetCursor(key: object): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The sort key a cursor holds: `read` picks it from the decoded object, or answers null when the object is not one
 * this API issued (then validation_failed, naming `cursor`).
 */
export function decodeKeysetCursor<T>(cursor: string, read: (key: Record<string, unknown>) => T | null, why = ''): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const key = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? read(parsed as Record<string, unknown>) : null;
  if (key === null) throw new FeatureError('validation_failed', `cursor: is not a cursor this API issued${why}`);
  return key;
}

/** Whole microseconds since the epoch, as text (`microsOf`). */
export const isMicros = (v: unknown): v is string => typeof v === 'string' && MICROS.test(v);
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
