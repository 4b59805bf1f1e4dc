// When a supervised process exits unexpectedly: restart it after an exponential backoff, or give up when it has
// exited too often recently (a crash loop). Pure bookkeeping, so the rule reads in one place.

/**
 * Exits within the last `crashLoopWindowMs` drive both decisions: the n-th of them waits `backoffMinMs · 2^(n-1)`
 * (at most `backoffMaxMs`) before the restart, and the `crashLoopExits`-th stops the stack instead. A service that
 * stays up longer than the window starts again from the shortest delay.
 */
export class RestartPolicy {
  /** @param {{ backoffMinMs: number, backoffMaxMs: number, crashLoopExits: number, crashLoopWindowMs: number }} options */
  constructor(options) {
    this.options = options;
    /** @type {Map<string, number[]>} exit times per service, oldest first */
    this.exits = new Map();
  }

  /**
   * Records an exit of `name` at `now` (ms) and decides what follows.
   * @returns {{ action: 'restart', delayMs: number, recentExits: number } | { action: 'give-up', recentExits: number }}
   */
  recordExit(name, now) {
    const { backoffMinMs, backoffMaxMs, crashLoopExits, crashLoopWindowMs } = this.options;
    const recent = (this.exits.get(name) ?? []).filter((t) => now - t < crashLoopWindowMs);
    recent.push(now);
    this.exits.set(name, recent);
    if (recent.length >= crashLoopExits) return { action: 'give-up', recentExits: recent.length };
    const delayMs = Math.min(backoffMaxMs, backoffMinMs * 2 ** (recent.length - 1));
    return { action: 'restart', delayMs, recentExits: recent.length };
  }
}
