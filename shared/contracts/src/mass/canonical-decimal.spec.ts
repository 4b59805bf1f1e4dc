import { describe, expect, it } from 'vitest';
import { canonicalDecimal, compareCanonical, fractionDigits } from './canonical-decimal';

describe('canonicalDecimal', () => {
  it('removes leading and trailing zeros and the sign of zero', () => {
    const cases: Array<[string, string]> = [
      ['5.50', '5.5'],
      ['0005', '5'],
      ['.5', '0.5'],
      ['5.', '5'],
      ['-0.000', '0'],
      ['+7.010', '7.01'],
      ['0', '0'],
      ['-12.30', '-12.3'],
    ];
    for (const [input, out] of cases) expect(canonicalDecimal(input)).toBe(out);
  });

  it('refuses what is not plain decimal text', () => {
    for (const bad of ['', '.', '-', '1e3', '1.2.3', ' 1', '0x1', '1,5', 'NaN']) expect(canonicalDecimal(bad)).toBeNull();
  });

  it('counts fractional digits of canonical text', () => {
    expect([fractionDigits('5'), fractionDigits('5.5'), fractionDigits('0.000001')]).toEqual([0, 1, 6]);
  });
});

describe('compareCanonical', () => {
  it('orders by magnitude and sign exactly', () => {
    const ordered = ['-100', '-1.5', '-1', '0', '0.000001', '0.1', '0.25', '1', '9.999999', '10', '1000000000', '1000000000.000001'];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) expect(compareCanonical(ordered[i], ordered[j])).toBe(Math.sign(i - j));
    }
  });
});
