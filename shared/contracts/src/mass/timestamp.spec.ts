import { describe, expect, it } from 'vitest';
import { normalizeTimestamp } from './timestamp';

describe('normalizeTimestamp', () => {
  it('gives one spelling for one instant', () => {
    const z = normalizeTimestamp('2026-11-27T10:00:00Z');
    const plus = normalizeTimestamp('2026-11-27T10:00:00+00:00');
    const cet = normalizeTimestamp('2026-11-27T11:00:00.000+01:00');
    expect(z).toEqual(plus);
    expect(cet.ok && cet.iso).toBe('2026-11-27T10:00:00Z');
  });

  it('keeps microseconds', () => {
    const r = normalizeTimestamp('2026-01-01T00:00:00.123450-05:30');
    expect(r.ok && r.iso).toBe('2026-01-01T05:30:00.12345Z');
  });

  it('rejects missing offsets, impossible dates and nanoseconds', () => {
    for (const bad of [
      '2026-11-27T10:00:00',
      '2026-02-30T10:00:00Z',
      '2026-11-27T24:00:00Z',
      '2026-11-27T10:00:00.1234567Z',
      'yesterday',
    ]) {
      expect(normalizeTimestamp(bad).ok).toBe(false);
    }
  });
});
