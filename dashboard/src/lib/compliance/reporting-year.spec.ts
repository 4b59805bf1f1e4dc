import { describe, expect, it } from 'vitest';
import { formatPeriodDates, periodStartYear, reportingYears } from './reporting-year';

describe('periodStartYear', () => {
  it('reads the start year in the site zone, not in UTC', () => {
    // Midnight 1 Jan 2027 in Tokyo is still 2026 in UTC.
    expect(periodStartYear('2026-12-31T15:00:00Z', 'Asia/Tokyo')).toBe(2027);
    expect(periodStartYear('2026-12-31T15:00:00Z', 'UTC')).toBe(2026);
  });
});

describe('reportingYears', () => {
  it('lists the current reporting year first, then earlier ones', () => {
    expect(reportingYears(2026, 3)).toEqual([2026, 2025, 2024]);
  });
});

describe('formatPeriodDates', () => {
  it('shows the last local day before the exclusive end', () => {
    expect(formatPeriodDates('2026-04-01T05:00:00Z', '2027-04-01T05:00:00Z', 'America/Chicago', 'en-US')).toBe(
      'Apr 1, 2026 – Mar 31, 2027',
    );
    expect(formatPeriodDates('2025-12-31T15:00:00Z', '2026-12-31T15:00:00Z', 'Asia/Tokyo', 'en-US')).toBe('Jan 1, 2026 – Dec 31, 2026');
  });
});
