import { ALERT_STATUSES, type AlertStatus } from '@emissions/contracts';

export type AlertMove = 'acknowledge' | 'resolve';

/**
 * The lifecycle: open → acknowledged → resolved, and open → resolved. Nothing else, and never back: an
 * alert's history only grows. Returns the status after the move, or null when the move is refused.
 */
export function statusAfter(from: AlertStatus, move: AlertMove): AlertStatus | null {
  if (move === 'acknowledge') return from === 'open' ? 'acknowledged' : null;
  return from === 'resolved' ? null : 'resolved';
}

/** The statuses a move may start from (the WHERE clause of the guarded UPDATE). */
export function statusesAllowing(move: AlertMove): AlertStatus[] {
  return ALERT_STATUSES.filter((s) => statusAfter(s, move) !== null);
}
