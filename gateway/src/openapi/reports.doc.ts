import { ReadingsExportQuerySchema, ReportQuerySchema } from '@emissions/contracts';
import type { JsonSchema } from './openapi.types';
import { type RouteDoc, UPSTREAM_PROBLEMS } from './route.doc';

const csv = (description: string): { type: string; schema: JsonSchema } => ({ type: 'text/csv', schema: { type: 'string', description } });

export const REPORT_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/sites/{id}/readings',
    operationId: 'exportReadings',
    tag: 'Reports',
    summary: "Export a site's readings",
    description:
      'Every stored reading in `[from, to)`, oldest first. `format=csv` streams all of them (header ' +
      '`measured_at,sensor_id,mass_kg,rate_kg_h,duration_s,batch_id`) page by page with backpressure; a client that ' +
      'disconnects stops the export. `format=json` (default) answers one page of `limit` readings with `next_cursor`.',
    version: 1,
    access: 'operator',
    parameters: ['SiteId'],
    query: ReadingsExportQuerySchema,
    success: { status: 200, description: 'A page of readings, or the CSV stream.', schema: 'ReadingsPage', media: csv('RFC 4180 CSV') },
    problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: '/api/v1/sites/{id}/report',
    operationId: 'getSiteReport',
    tag: 'Reports',
    summary: "A site's annual report",
    description:
      "The reporting year that starts in `year`, in the site's zone: CH4 in kg and t, CO2e under `gwp`, status against " +
      'the annual limit, readings, days with data, monthly rows and the alerts raised in the period. `ch4_kg` equals the ' +
      'sum of the CSV export of the period. `format=csv` gives the monthly rows.',
    version: 1,
    access: 'operator',
    parameters: ['SiteId'],
    query: ReportQuerySchema,
    success: { status: 200, description: 'The report.', schema: 'SiteReport', media: csv('month,ch4_kg,co2e_t,readings') },
    problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: '/api/v1/report',
    operationId: 'getFleetReport',
    tag: 'Reports',
    summary: 'The fleet report of a year',
    description:
      "One row per site (archived sites included: they emitted in the year) with the same figures as the site's report; " +
      '`format=csv` gives the rows as CSV.',
    version: 1,
    access: 'operator',
    query: ReportQuerySchema,
    success: { status: 200, description: 'One row per site.', schema: 'FleetReport', media: csv('one row per site') },
    problems: ['validation_failed', ...UPSTREAM_PROBLEMS],
  },
];
