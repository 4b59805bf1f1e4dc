import { describe, expect, it } from 'vitest';
import { decisionFromWait } from './rate-decision';

describe('decisionFromWait', () => {
  it('allows when the script answers 0', () => {
    expect(decisionFromWait(0)).toEqual({ allowed: true });
  });

  it('refuses with the wait rounded up to whole seconds, at least one', () => {
    expect(decisionFromWait(1)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(decisionFromWait(1000)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(decisionFromWait(1001)).toEqual({ allowed: false, retryAfterS: 2 });
    expect(decisionFromWait(59_999)).toEqual({ allowed: false, retryAfterS: 60 });
  });

  it('treats a reply that is not a number as an error (the limiter then fails open)', () => {
    expect(() => decisionFromWait(Number.NaN)).toThrow(TypeError);
  });
});
