import { describe, expect, it } from 'vitest';
import { addMasses, compareMasses, ExactDecimal, formatMass, parseDecimalInput, roundMass } from './decimal-mass';
import { toKilograms } from './units';

describe('exact masses', () => {
  it('adds ten readings of 0.1 to exactly 1', () => {
    expect(addMasses(Array(10).fill('0.1'))).toBe('1');
  });

  it('formats canonically without trailing zeros or exponents', () => {
    expect(formatMass('5.50')).toBe('5.5');
    expect(formatMass('0.000000')).toBe('0');
    expect(formatMass('1000000000000')).toBe('1000000000000');
    expect(formatMass('0.000001')).toBe('0.000001');
  });

  it('accepts numbers up to 15 significant digits exactly and asks for strings beyond', () => {
    const ok = parseDecimalInput(123456789.123456);
    expect(ok.ok && ok.value).toBe('123456789.123456');
    expect(parseDecimalInput(0.1234567890123456).ok).toBe(false);
    const huge = parseDecimalInput(1e21);
    expect(huge.ok && huge.value).toBe('1000000000000000000000');
    const tiny = parseDecimalInput(1e-7);
    expect(tiny.ok && tiny.value).toBe('0.0000001');
    expect(parseDecimalInput(Number.NaN).ok).toBe(false);
  });

  it('accepts decimal strings of any length and rejects non-numbers', () => {
    const ok = parseDecimalInput(' 999999999.999999 ');
    expect(ok.ok && ok.value).toBe('999999999.999999');
    for (const bad of ['', 'abc', '1e3', '0x10', '1,5', null, true, {}]) expect(parseDecimalInput(bad).ok).toBe(false);
  });

  it('rounds half-up at 6 fractional digits', () => {
    expect(roundMass(new ExactDecimal('0.0000005'))).toBe('0.000001');
    expect(roundMass(new ExactDecimal('0.00000049'))).toBe('0');
  });

  it('compares exactly', () => {
    expect(compareMasses('100.000001', '100')).toBe(1);
    expect(compareMasses('100.0', '100')).toBe(0);
  });
});

describe('unit conversion to kg', () => {
  it('uses exact factors and rounds half-up to 1 mg', () => {
    expect(toKilograms(new ExactDecimal('1'), 't')).toBe('1000');
    expect(toKilograms(new ExactDecimal('1'), 'lb')).toBe('0.453592');
    expect(toKilograms(new ExactDecimal('3'), 'lb')).toBe('1.360777');
    expect(toKilograms(new ExactDecimal('1'), 'g')).toBe('0.001');
    expect(toKilograms(new ExactDecimal('0.0005'), 'g')).toBe('0.000001');
    expect(toKilograms(new ExactDecimal('2.5'), 'kg')).toBe('2.5');
  });
});
