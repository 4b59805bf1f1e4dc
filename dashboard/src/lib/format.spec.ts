import { describe, expect, it } from 'vitest';
import { formatDecimal, utilizationPct } from './format';

describe('format', () => {
  it('groups thousands without touching the exact decimals', () => {
    expect(formatDecimal('1234567.000001')).toBe('1,234,567.000001');
    expect(formatDecimal('999')).toBe('999');
    expect(formatDecimal('12345678901234567890.5')).toBe('12,345,678,901,234,567,890.5');
  });

  it('computes utilization exactly to 2 decimals, above 100 % too', () => {
    expect(utilizationPct('1', '3')).toBe(33.33);
    expect(utilizationPct('250', '100')).toBe(250);
    expect(utilizationPct('0', '1000')).toBe(0);
  });
});
