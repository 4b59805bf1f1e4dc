import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDecimal, formatKg, formatUtilization, siteTimeZone, utilizationPct } from './format';

describe('format', () => {
  it('groups thousands without touching the exact decimals', () => {
    expect(formatDecimal('1234567.000001', 'en-US')).toBe('1,234,567.000001');
    expect(formatDecimal('999', 'en-US')).toBe('999');
    expect(formatDecimal('12345678901234567890.5', 'en-US')).toBe('12,345,678,901,234,567,890.5');
  });

  it('uses one locale for grouping and decimals, so a de-DE reader never sees 12,000 kg for twelve thousand', () => {
    expect(formatKg('12000', 'de-DE')).toBe('12.000 kg');
    expect(formatKg('1234.5', 'de-DE')).toBe('1.234,5 kg');
    expect(formatDateTime('2026-11-27T10:00:00Z', 'UTC', 'de-DE')).toMatch(/27\.11\.2026|27\. Nov\. 2026/);
  });

  it('labels every time with its zone: the site zone when there is one, UTC otherwise', () => {
    expect(formatDateTime('2026-11-27T10:00:00Z', 'UTC', 'en-US')).toBe('Nov 27, 2026, 10:00 AM UTC');
    expect(formatDateTime('2026-11-27T10:00:00Z', 'Asia/Tokyo', 'en-US')).toMatch(/07:00 PM GMT\+9$/);
    expect(siteTimeZone({ timezone: 'America/Chicago' })).toBe('America/Chicago');
    expect(siteTimeZone({})).toBe('UTC');
  });

  it('computes utilization exactly to 2 decimals, above 100 % too', () => {
    expect(utilizationPct('1', '3')).toBe(33.33);
    expect(utilizationPct('250', '100')).toBe(250);
    expect(utilizationPct('0', '1000')).toBe(0);
  });

  it('never shows an exceeded site at 100.00 % or below, and formats extreme ratios sanely', () => {
    expect(formatUtilization(utilizationPct('1000.004', '1000'), true, 'en-US')).toBe('> 100.00 %');
    expect(formatUtilization(utilizationPct('1000', '1000'), false, 'en-US')).toBe('100.00 %');
    expect(formatUtilization(utilizationPct('2000', '0.000001'), true, 'en-US')).toBe('2B × the limit');
    expect(formatUtilization(250, true, 'en-US')).toBe('250.00 %');
  });
});
