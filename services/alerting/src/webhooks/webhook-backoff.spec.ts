import { describe, expect, it } from 'vitest';
import { mayRetry, retryDelayMs } from './webhook-backoff';

const production = { baseMs: 5_000, maxMs: 3_600_000, windowMs: 86_400_000 };

describe('webhook retry schedule', () => {
  it('doubles from the base and stops growing at the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(production, n))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(production, 11)).toBe(3_600_000);
    expect(retryDelayMs(production, 5000)).toBe(3_600_000);
  });

  it('keeps retrying for the whole window (24 h by default) and no longer', () => {
    const created = 0;
    let elapsed = 0;
    let attempts = 0;
    while (mayRetry(production, created, elapsed)) {
      attempts++;
      elapsed += retryDelayMs(production, attempts);
    }
    expect(elapsed).toBeGreaterThanOrEqual(86_400_000);
    // A receiver down for an hour is retried about every doubling, then hourly: around 33 attempts in 24 h.
    expect(attempts).toBeGreaterThan(25);
    expect(attempts).toBeLessThan(40);
    expect(mayRetry(production, created, 86_400_000)).toBe(false);
  });
});
