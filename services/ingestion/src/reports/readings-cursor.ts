import { FeatureError } from '../errors/feature.error';

/** Where an export stopped: the primary key of the last reading sent (its site is the request's). */
export type After = { t: string; s: string };

/** The opaque cursor both the JSON pages and the CSV chunks hand out: base64url JSON of the last key. */
export function encodeCursor(after: After): string {
  return Buffer.from(JSON.stringify(after), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): After {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      parsed &&
      typeof parsed === 'object' &&
      't' in parsed &&
      's' in parsed &&
      typeof parsed.t === 'string' &&
      typeof parsed.s === 'string'
    ) {
      if (!Number.isNaN(Date.parse(parsed.t))) return { t: parsed.t, s: parsed.s };
    }
  } catch {
    // fall through to the validation error
  }
  throw new FeatureError('validation_failed', 'cursor: is not a cursor this API issued');
}
