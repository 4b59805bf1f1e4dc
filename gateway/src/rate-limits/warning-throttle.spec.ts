import { describe, expect, it } from 'vitest';
import { WarningThrottle } from './warning-throttle';

describe('WarningThrottle', () => {
  it('lets the first warning through, then one per interval with the count held back meanwhile', () => {
    let now = 1_000_000;
    const throttle = new WarningThrottle(30_000, () => now);
    expect(throttle.pass()).toBe(0);
    now += 10_000;
    expect(throttle.pass()).toBeNull();
    now += 19_999;
    expect(throttle.pass()).toBeNull();
    now += 1;
    expect(throttle.pass()).toBe(2);
    now += 30_000;
    expect(throttle.pass()).toBe(0);
  });
});
