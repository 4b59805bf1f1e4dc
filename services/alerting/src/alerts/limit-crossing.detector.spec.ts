import { BATCH_INGESTED, type BatchIngestedV1, SITE_SETTINGS_CHANGED, type SiteSettingsChangedV1 } from '@emissions/contracts';
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

const batch = (total_before: string, total_after: string, extra: Partial<BatchIngestedV1> = {}): BatchIngestedV1 => ({
  event_id: 'e',
  type: BATCH_INGESTED,
  version: 1,
  site_id: '00000000-0000-4000-8000-000000000001',
  batch_id: '00000000-0000-4000-8000-000000000002',
  request_id: null,
  readings_accepted: 1,
  accepted_sum: '1',
  total_before,
  total_after,
  emission_limit: '100',
  committed_at: '2026-01-01T00:00:00.000Z',
  limit_revision: 0,
  near_limit_pct: '80',
  ...extra,
});

const change = (extra: Partial<SiteSettingsChangedV1>): SiteSettingsChangedV1 => ({
  event_id: 'e',
  type: SITE_SETTINGS_CHANGED,
  version: 1,
  site_id: '00000000-0000-4000-8000-000000000001',
  change_id: '00000000-0000-4000-8000-000000000003',
  changed_by: 'operator',
  fields: [],
  total: '50',
  emission_limit_before: '100',
  emission_limit: '100',
  limit_revision: 1,
  committed_at: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('near_limit crossings', () => {
  it('raises when a batch reaches the threshold exactly, and not before it', () => {
    expect(detector.nearLimitCrossedBy(batch('79.999999', '80'))).toBe(true);
    expect(detector.nearLimitCrossedBy(batch('70', '79.999999'))).toBe(false);
  });

  it('raises once: a batch already inside the band is no crossing', () => {
    expect(detector.nearLimitCrossedBy(batch('80', '90'))).toBe(false);
  });

  it('counts a total equal to the limit as near it, and a batch jumping over the whole band as limit_exceeded only', () => {
    expect(detector.nearLimitCrossedBy(batch('79', '100'))).toBe(true);
    expect(detector.nearLimitCrossedBy(batch('79', '100.000001'))).toBe(false);
    expect(detector.crossed(batch('79', '100.000001'))).toBe(true);
  });

  it('uses the fractional percentage exactly', () => {
    expect(detector.nearLimitCrossedBy(batch('0', '12.34', { near_limit_pct: '12.35' }))).toBe(false);
    expect(detector.nearLimitCrossedBy(batch('0', '12.35', { near_limit_pct: '12.35' }))).toBe(true);
  });

  it('reads 80 % for events written before the percentage was carried', () => {
    const { near_limit_pct: _dropped, ...legacy } = batch('79', '80');
    expect(detector.nearLimitCrossedBy(legacy)).toBe(true);
  });

  it('raises when a settings change moves the band over the total', () => {
    expect(detector.nearLimitCrossedBy(change({ total: '50', near_limit_pct_before: '80', near_limit_pct: '50' }))).toBe(true);
    expect(
      detector.nearLimitCrossedBy(change({ total: '50', emission_limit: '60', near_limit_pct_before: '80', near_limit_pct: '80' })),
    ).toBe(true);
    expect(detector.nearLimitCrossedBy(change({ total: '50', near_limit_pct_before: '80', near_limit_pct: '51' }))).toBe(false);
    expect(detector.nearLimitCrossedBy(change({ total: '90', near_limit_pct_before: '80', near_limit_pct: '70' }))).toBe(false);
    // Lowered below the total: limit_exceeded, not near_limit.
    expect(detector.nearLimitCrossedBy(change({ total: '50', emission_limit: '40', near_limit_pct: '80' }))).toBe(false);
  });
});

describe('annual_limit_exceeded crossings', () => {
  const year = (start_at: string, total_before: string, total_after: string) => ({
    start: start_at.slice(0, 10),
    start_at,
    total_before,
    total_after,
  });

  it('raises for each reporting year whose total went from within the annual limit to over it', () => {
    const event = batch('0', '30', {
      annual_limit: '10',
      reporting_years: [year('2025-04-01T00:00:00.000Z', '9', '10'), year('2026-04-01T00:00:00.000Z', '10', '10.000001')],
    });
    expect(detector.annualCrossingsOf(event)).toEqual([
      { period_start: '2026-04-01T00:00:00.000Z', annual_limit: '10', total: '10.000001' },
    ]);
  });

  it('raises nothing for a year already over, or without an annual limit', () => {
    expect(
      detector.annualCrossingsOf(batch('0', '1', { annual_limit: '10', reporting_years: [year('2026-01-01T00:00:00.000Z', '11', '12')] })),
    ).toEqual([]);
    expect(
      detector.annualCrossingsOf(batch('0', '1', { annual_limit: null, reporting_years: [year('2026-01-01T00:00:00.000Z', '9', '12')] })),
    ).toEqual([]);
    expect(detector.annualCrossingsOf(batch('0', '1'))).toEqual([]);
  });

  it('raises when a settings change puts the current year over a new or lowered annual limit, not when it was over already', () => {
    const current = { start: '2026-04-01', start_at: '2026-03-31T15:00:00.000Z', total_before: '50', total: '50' };
    expect(detector.annualCrossingsOf(change({ annual_limit_before: null, annual_limit: '40', reporting_year: current }))).toEqual([
      { period_start: '2026-03-31T15:00:00.000Z', annual_limit: '40', total: '50' },
    ]);
    expect(detector.annualCrossingsOf(change({ annual_limit_before: '60', annual_limit: '50', reporting_year: current }))).toEqual([]);
    expect(detector.annualCrossingsOf(change({ annual_limit_before: '45', annual_limit: '40', reporting_year: current }))).toEqual([]);
    expect(detector.annualCrossingsOf(change({ annual_limit_before: '40', annual_limit: null, reporting_year: current }))).toEqual([]);
  });
});
