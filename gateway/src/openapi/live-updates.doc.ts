import { ListAlertsQuerySchema } from '@emissions/contracts';
import { type RouteDoc, UPSTREAM_PROBLEMS } from './route.doc';

const STREAM_EXAMPLE =
  'event: site.updated\ndata: {"site_id":"6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01","total_emissions_to_date":"1234.5","compliance_status":"Within Limit"}\n\n';

export const LIVE_UPDATE_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/alerts',
    operationId: 'listAlerts',
    tag: 'Alerts',
    summary: 'List alerts across sites, with open and acknowledged counts',
    description:
      'A site that crosses its limit raises exactly one `limit_exceeded` alert per crossing, however often events are redelivered. ' +
      'Filters: `site_id`, `status`, `type`, `severity`; `order=open_first` lists open, then acknowledged, then resolved. `counts` are ' +
      'under the same filters except `status`.',
    version: 1,
    access: 'operator',
    query: ListAlertsQuerySchema,
    success: { status: 200, description: 'Alerts, newest first.', schema: 'AlertList' },
    problems: ['validation_failed', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: '/api/v1/stream',
    operationId: 'streamSiteUpdates',
    tag: 'Alerts',
    summary: 'Live site updates (server-sent events)',
    description:
      'A `site.updated` event reaches subscribers within a second of a batch committing; its `data` is a JSON ' +
      '[SiteUpdatedEvent](#/components/schemas/SiteUpdatedEvent). The stream stays open; reconnect with backoff when it ends.',
    version: 1,
    access: 'operator',
    success: {
      status: 200,
      description: 'An open text/event-stream.',
      media: {
        type: 'text/event-stream',
        schema: {
          type: 'string',
          description:
            'Events `site.updated` whose data is a SiteUpdatedEvent as JSON, and `alert.changed` (an alert raised, acknowledged or resolved) whose data is an AlertChangedEvent.',
          examples: [STREAM_EXAMPLE],
        },
      },
    },
    problems: UPSTREAM_PROBLEMS,
  },
];
