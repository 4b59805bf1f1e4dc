import type { AlertOrder } from '@emissions/contracts';
import { FeatureError } from '@emissions/service-kit';

/** Where a page of alerts stopped: the last alert's place in its order (status rank for `open_first`, time, id). */
export type AlertsAfter = { order: AlertOrder; rank: number; triggered_us: string; id: string };

/** The opaque cursor of the alert list: base64url JSON of the last alert's sort key. */
export function encodeAlertsCursor(after: AlertsAfter): string {
  return Buffer.from(JSON.stringify(after), 'utf8').toString('base64url');
}

/** The sort key a cursor names; a cursor of another order, or none this API issued, is a validation failure. */
export function decodeAlertsCursor(cursor: string, order: AlertOrder): AlertsAfter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    parsed &&
    typeof parsed === 'object' &&
    'order' in parsed &&
    'rank' in parsed &&
    'triggered_us' in parsed &&
    'id' in parsed &&
    parsed.order === order &&
    Number.isInteger(parsed.rank) &&
    typeof parsed.triggered_us === 'string' &&
    /^-?\d{1,19}$/.test(parsed.triggered_us) &&
    typeof parsed.id === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(parsed.id)
  ) {
    return { order, rank: parsed.rank as number, triggered_us: parsed.triggered_us, id: parsed.id };
  }
  throw new FeatureError('validation_failed', `cursor: is not a cursor this API issued for order=${order}`);
}
