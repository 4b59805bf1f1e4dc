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
});
