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

describe('normalizeTimestamp on input already in normal form', () => {
  // The same instant written with "+00:00" always takes the general path: both spellings must agree.
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  it('agrees with the general path for random instants, fractions and impossible dates', () => {
    let seed = 7;
    const next = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % m;
    };
    for (let i = 0; i < 5000; i++) {
      const fraction = ['', '.5', '.05', '.123456', '.1234567', '.10', '.', '.000', '.120', '.000000', '.0000000'][next(11)];
      const text = `${pad(1990 + next(120), 4)}-${pad(next(14))}-${pad(next(33))}T${pad(next(26))}:${pad(next(61))}:${pad(next(61))}${fraction}`;
      const fast = normalizeTimestamp(`${text}Z`);
      const general = normalizeTimestamp(`${text}+00:00`);
      expect(fast, text).toEqual(general);
    }
  });

  it('returns the normal form unchanged and refuses leap-day and digit mistakes', () => {
    expect(normalizeTimestamp('2024-02-29T23:59:59.999999Z')).toEqual({
      ok: true,
      iso: '2024-02-29T23:59:59.999999Z',
      epochMs: Date.parse('2024-02-29T23:59:59.999Z') + 0.999,
    });
    expect(normalizeTimestamp('2023-02-29T00:00:00Z').ok).toBe(false);
    expect(normalizeTimestamp('1900-02-29T00:00:00Z').ok).toBe(false);
    expect(normalizeTimestamp('2000-02-29T00:00:00Z').ok).toBe(true);
    for (const bad of [
      '2026-1a-01T00:00:00Z',
      '2026-01-01T00:00:00.Z',
      '2026-01-01 00:00:00Z',
      '2026-01-01T00:00:00.12a4Z',
      '0099-01-01T00:00:00Z',
    ]) {
      expect(normalizeTimestamp(bad), bad).toEqual(normalizeTimestamp(bad.replace(/Z$/, '+00:00')));
    }
  });
});
