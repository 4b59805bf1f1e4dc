/**
 * Lets a repeated warning through at most once per interval and counts the ones held back, so a Redis
 * outage under load logs a line every interval rather than one per request.
 */
export class WarningThrottle {
  private lastAt = Number.NEGATIVE_INFINITY;
  private held = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The number of warnings held back since the last one logged when this one may be logged, else null. */
  pass(): number | null {
    const now = this.now();
    if (now - this.lastAt < this.intervalMs) {
      this.held++;
      return null;
    }
    const held = this.held;
    this.lastAt = now;
    this.held = 0;
    return held;
  }
}
