import { describe, expect, it } from 'vitest';
import { LimitCrossingDetector } from './limit-crossing.detector';

const detector = new LimitCrossingDetector();
const totals = (total_before: string, total_after: string, emission_limit = '100') => ({ total_before, total_after, emission_limit });

describe('LimitCrossingDetector', () => {
  it('detects a batch that takes the total from below the limit to above it', () => {
    expect(detector.crossed(totals('99', '101'))).toBe(true);
  });

  it('treats a total equal to the limit as still within it', () => {
    expect(detector.crossed(totals('90', '100'))).toBe(false);
    expect(detector.crossed(totals('100', '100.000001'))).toBe(true);
  });

  it('raises nothing for batches after the crossing', () => {
    expect(detector.crossed(totals('101', '150'))).toBe(false);
  });

  it('raises nothing for a batch that adds nothing', () => {
    expect(detector.crossed(totals('100', '100'))).toBe(false);
    expect(detector.crossed(totals('150', '150'))).toBe(false);
  });

  it('compares exactly, beyond what a float can tell apart', () => {
    const limit = '999999999999.999999';
    expect(detector.crossed(totals('999999999999.999998', '999999999999.999999', limit))).toBe(false);
    expect(detector.crossed(totals('999999999999.999999', '1000000000000', limit))).toBe(true);
  });

  it('reports Limit Exceeded only when the total is above the limit', () => {
    expect(detector.isExceeded('100', '100')).toBe(false);
    expect(detector.isExceeded('100.000001', '100')).toBe(true);
  });

  it('detects a lowered limit below a total that was within the old one, and nothing else', () => {
    const change = (total: string, emission_limit_before: string, emission_limit: string) => ({
      total,
      emission_limit_before,
      emission_limit,
    });
    expect(detector.crossedByLimitChange(change('600', '1000', '500'))).toBe(true);
    expect(detector.crossedByLimitChange(change('600', '1000', '600'))).toBe(false);
    expect(detector.crossedByLimitChange(change('600', '500', '1000'))).toBe(false);
    expect(detector.crossedByLimitChange(change('600', '550', '500'))).toBe(false);
    expect(detector.crossedByLimitChange(change('1000', '1000', '999.999999'))).toBe(true);
  });
});
