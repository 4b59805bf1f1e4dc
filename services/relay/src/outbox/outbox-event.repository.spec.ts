import { describe, expect, it } from 'vitest';
import { claimStatement } from './outbox-event.repository';

describe('claimStatement', () => {
  it('writes the limit into the text only as a positive integer', () => {
    expect(claimStatement(100)).toContain('LIMIT 100 FOR UPDATE SKIP LOCKED');
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => claimStatement(bad)).toThrow(/positive integer/);
  });
});
