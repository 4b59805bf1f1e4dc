import { describe, expect, it } from 'vitest';
import { relayBackoffMs } from './relay-backoff';

describe('relayBackoffMs', () => {
  it('starts at the minimum and doubles its ceiling per failure', () => {
    expect(relayBackoffMs(1, 200, 30_000, () => 1)).toBe(200);
    expect(relayBackoffMs(2, 200, 30_000, () => 1)).toBe(400);
    expect(relayBackoffMs(4, 200, 30_000, () => 1)).toBe(1600);
  });

  it('never exceeds the maximum, however many failures', () => {
    expect(relayBackoffMs(1000, 200, 30_000, () => 1)).toBe(30_000);
  });

  it('spreads retries between the minimum and the ceiling', () => {
    expect(relayBackoffMs(4, 200, 30_000, () => 0)).toBe(200);
    expect(relayBackoffMs(4, 200, 30_000, () => 0.5)).toBe(900);
  });
});
