import Decimal from 'decimal.js';
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

describe('canonicalDecimal and compareCanonical against Decimal', () => {
  it('agree with decimal.js for random decimal text, canonical or not', () => {
    let seed = 11;
    const next = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % m;
    };
    const digits = (n: number) => Array.from({ length: n }, () => String(next(10))).join('');
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const sign = ['', '-', '+'][next(3)];
      const int = digits(next(5));
      const frac = next(3) === 0 ? '' : `.${digits(next(8))}`;
      texts.push(`${sign}${int}${frac}`);
    }
    const canonical: string[] = [];
    for (const text of texts) {
      const got = canonicalDecimal(text);
      const valid = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text);
      if (!valid) {
        expect(got, text).toBeNull();
        continue;
      }
      const d = new Decimal(text);
      expect(got, text).toBe(d.isZero() ? '0' : d.toFixed());
      canonical.push(got as string);
    }
    for (let i = 0; i + 1 < canonical.length; i++) {
      const [a, b] = [canonical[i], canonical[i + 1]];
      expect(compareCanonical(a, b), `${a} vs ${b}`).toBe(new Decimal(a).comparedTo(b));
    }
  });
});
