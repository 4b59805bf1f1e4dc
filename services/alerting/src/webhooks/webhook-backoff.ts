export type BackoffSchedule = { baseMs: number; maxMs: number; windowMs: number };

/** Delay before retry number `attemptsMade` (1 after the first failure): base × 2^(n − 1), capped at max. */
export function retryDelayMs(schedule: BackoffSchedule, attemptsMade: number): number {
  const exponent = Math.max(0, attemptsMade - 1);
  // 2^exponent overflows to Infinity long after the cap applies; Math.min keeps the cap.
  return Math.min(schedule.maxMs, schedule.baseMs * 2 ** exponent);
}

/** True when a delivery created at `createdAtMs` may still be tried after a failure at `nowMs`. */
export function mayRetry(schedule: BackoffSchedule, createdAtMs: number, nowMs: number): boolean {
  return nowMs - createdAtMs < schedule.windowMs;
}
