/**
 * One call's outcome (value or failure), shared by every caller for `ttlMs` after it settles and by every
 * concurrent caller while it runs: a flood of readiness checks or scrapes costs the dependencies one call
 * per interval. `ttlMs` 0 still joins concurrent callers but keeps nothing after the call settles.
 */
export class ShortLivedResult<T> {
  private current: { outcome: Promise<T>; settledAt: number | null } | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(call: () => Promise<T>): Promise<T> {
    const current = this.current;
    if (current && (current.settledAt === null || this.now() - current.settledAt < this.ttlMs)) return current.outcome;
    const outcome = call();
    const entry = { outcome, settledAt: null as number | null };
    this.current = entry;
    const settle = () => {
      entry.settledAt = this.now();
    };
    outcome.then(settle, settle);
    return outcome;
  }
}
