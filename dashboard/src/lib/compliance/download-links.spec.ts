import { describe, expect, it } from 'vitest';
import { fleetReportUrl, readingsCsvUrl, reportFileName, siteReportUrl } from './download-links';

const id = '6f1c2c1e-7c1a-4a55-9b1e-2f0d3c4b5a69';

describe('download links', () => {
  it('point at the contract routes', () => {
    expect(readingsCsvUrl(id)).toBe(`/api/v1/sites/${id}/readings?format=csv`);
    expect(siteReportUrl(id, 2026, 'csv')).toBe(`/api/v1/sites/${id}/report?year=2026&format=csv`);
    expect(siteReportUrl(id, 2025, 'json', 'AR5')).toBe(`/api/v1/sites/${id}/report?year=2025&format=json&gwp=AR5`);
    expect(fleetReportUrl(2026, 'csv')).toBe('/api/v1/report?year=2026&format=csv');
  });

  it('name the saved file after the site and year', () => {
    expect(reportFileName('fleet', 2026, 'csv')).toBe('report-fleet-2026.csv');
  });
});
