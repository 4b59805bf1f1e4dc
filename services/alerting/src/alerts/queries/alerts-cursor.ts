import type { AlertOrder } from '@emissions/contracts';
import { decodeKeysetCursor, encodeKeysetCursor, isMicros, isUuid } from '../../database/keyset-cursor';

/** Where a page of alerts stopped: the last alert's place in its order (status rank for `open_first`, time, id). */
export type AlertsAfter = { order: AlertOrder; rank: number; triggered_us: string; id: string };

export function encodeAlertsCursor(after: AlertsAfter): string {
  return encodeKeysetCursor(after);
}

/** The sort key a cursor names; a cursor of another order, or none this API issued, is a validation failure. */
export function decodeAlertsCursor(cursor: string, order: AlertOrder): AlertsAfter {
  return decodeKeysetCursor(
    cursor,
    (k) =>
      k.order === order && Number.isInteger(k.rank) && isMicros(k.triggered_us) && isUuid(k.id)
        ? { order, rank: k.rank as number, triggered_us: k.triggered_us, id: k.id }
        : null,
    ` for order=${order}`,
  );
}
