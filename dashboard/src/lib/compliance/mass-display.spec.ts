import { describe, expect, it } from 'vitest';
import { formatMassIn, massIn } from './mass-display';

describe('massIn', () => {
  it('keeps kilograms as they are', () => {
    expect(massIn('kg', '1234.5')).toBe('1234.5');
  });

  it('turns kilograms into tonnes exactly', () => {
    expect(massIn('t', '1234.5')).toBe('1.2345');
    expect(massIn('t', '0.000001')).toBe('0.000000001');
  });

  it('gives CO2e as kg × factor ÷ 1000, rounded half-up to 6 decimals', () => {
    expect(massIn('co2e', '1', '29.8')).toBe('0.0298');
    expect(massIn('co2e', '0.0000168', '29.8')).toBe('0.000001'); // 0.00000050064 t → rounds up
    expect(massIn('co2e', '0.00001', '25')).toBe('0'); // 0.00000025 t → rounds down
    expect(massIn('co2e', '1000', '82.5')).toBe('82.5');
  });

  it('refuses a CO2e figure without a factor', () => {
    expect(() => massIn('co2e', '1')).toThrow();
  });
});

describe('formatMassIn', () => {
  it('groups digits and names the unit', () => {
    expect(formatMassIn('kg', '1234567.5', undefined, 'en-US')).toBe('1,234,567.5 kg CH4');
    expect(formatMassIn('t', '1234567.5', undefined, 'de-DE')).toBe('1.234,5675 t CH4');
    expect(formatMassIn('co2e', '1000', '29.8', 'en-US')).toBe('29.8 t CO2e');
  });
});
