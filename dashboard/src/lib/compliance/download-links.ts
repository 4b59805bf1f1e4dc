const sitePath = (siteId: string) => `/api/v1/sites/${encodeURIComponent(siteId)}`;

/** Every stored reading of the site as CSV (the server streams it; the browser saves it). */
export const readingsCsvUrl = (siteId: string) => `${sitePath(siteId)}/readings?format=csv`;

/** The site's report for the reporting year that starts in `year`, CO2e under `gwp`. */
export function siteReportUrl(siteId: string, year: number, format: 'csv' | 'json', gwp?: string): string {
  const query = new URLSearchParams({ year: String(year), format });
  if (gwp) query.set('gwp', gwp);
  return `${sitePath(siteId)}/report?${query}`;
}

/** One row per site for the reporting year that starts in `year`. */
export function fleetReportUrl(year: number, format: 'csv' | 'json', gwp?: string): string {
  const query = new URLSearchParams({ year: String(year), format });
  if (gwp) query.set('gwp', gwp);
  return `/api/v1/report?${query}`;
}

/** A file name for the browser's save dialog (the JSON answers carry no Content-Disposition). */
export const reportFileName = (who: string, year: number, format: 'csv' | 'json') => `report-${who}-${year}.${format}`;
