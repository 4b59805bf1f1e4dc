import { SensorBreakdownQuerySchema } from '@emissions/contracts';
import { type RouteDoc, UPSTREAM_PROBLEMS } from './route.doc';

const SENSORS =
  'Each sensor’s exact total, reading count, first and last reading and share of the site’s total (`share_pct`, 2 decimals; ' +
  'null when that total is 0) over calendar months in the site’s zone: `from` inclusive, `to` exclusive (`YYYY-MM`, either left ' +
  'out for an open range; `from` must be before `to`, else 400). Largest total first, ties by sensor id, at most `limit` sensors ' +
  '(default 100, up to 1000); `total_kg`, `readings` and `sensor_count` cover every sensor of the range. Read from a per-sensor, ' +
  'per-local-month rollup kept in the ingest transaction, never from the raw readings; duplicates and replays never count twice. ' +
  'Also served unversioned under `/api/sites`.';

export const SENSOR_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/sites/{id}/sensors',
    operationId: 'getSiteSensors',
    tag: 'Sites',
    summary: 'Per-sensor breakdown of a site’s emissions',
    description: SENSORS,
    version: 1,
    access: 'site',
    parameters: ['SiteId'],
    query: SensorBreakdownQuerySchema,
    success: { status: 200, description: 'The site’s sensors, largest total first.', schema: 'SensorBreakdown' },
    problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
  },
];
