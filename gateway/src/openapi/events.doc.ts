import { ListEmissionEventsQuerySchema } from '@emissions/contracts';
import { type RouteDoc, UPSTREAM_PROBLEMS } from './route.doc';

const EVENTS =
  'Consecutive rate readings of one sensor at or above the site’s `super_emitter_kg_h`, each starting at most 3600 s after ' +
  'the event so far ended, form one event; a below-threshold reading or a longer gap ends it. Events are derived from the stored ' +
  'readings alone, so late readings may split or merge them. Newest first (`limit` up to 500, default 100); `mass_kg` is the exact ' +
  'sum of its readings’ masses; `open` is true while the sensor’s latest reading belongs to the event and ended less than 3600 s ago. ' +
  'Each event raises one `super_emitter` alert. Also served unversioned under `/api/sites`.';

const route = (version: 1 | 2): RouteDoc => ({
  method: 'get',
  path: `/api/v${version}/sites/{id}/events`,
  operationId: `listEmissionEventsV${version}`,
  tag: 'Sites',
  summary: `Emission events of a site (v${version})`,
  description: EVENTS,
  version,
  access: 'site',
  parameters: ['SiteId'],
  query: ListEmissionEventsQuerySchema,
  success: { status: 200, description: 'The site’s emission events.', schema: 'EmissionEventList' },
  problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
});

export const EVENT_ROUTES: RouteDoc[] = [route(1), route(2)];
