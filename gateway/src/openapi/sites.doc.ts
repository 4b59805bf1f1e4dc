import { GwpQuerySchema, ListSitesQuerySchema } from '@emissions/contracts';
import { BODY_PROBLEMS, type RouteDoc, UPSTREAM_PROBLEMS } from './route.doc';

const ALIAS_NOTE = 'Also served unversioned under `/api/sites` (v1 forever: sensors flashed before versioning keep working).';

export const SITE_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/sites',
    operationId: 'createSite',
    tag: 'Sites',
    summary: 'Create a site',
    description: `Names are trimmed and unique regardless of case. ${ALIAS_NOTE}`,
    version: 1,
    access: 'operator',
    body: 'CreateSiteRequest',
    success: { status: 201, description: 'The created site.', schema: 'Site', headers: ['Location'] },
    problems: [
      'validation_failed',
      'malformed_json',
      'site_name_taken',
      'payload_too_large',
      'unsupported_media_type',
      ...UPSTREAM_PROBLEMS,
    ],
  },
  {
    method: 'get',
    path: '/api/v1/sites',
    operationId: 'listSites',
    tag: 'Sites',
    summary: 'List sites ordered by name',
    description:
      'Pages with `limit` (up to 500) and `cursor`; `next_cursor` is present when there is more. Archived sites are left out ' +
      `unless \`include_archived=true\`. ${ALIAS_NOTE}`,
    version: 1,
    access: 'operator',
    query: ListSitesQuerySchema,
    success: { status: 200, description: 'One page of sites.', schema: 'SiteList' },
    problems: ['validation_failed', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: '/api/v1/sites/{id}',
    operationId: 'getSite',
    tag: 'Sites',
    summary: 'Get a site',
    description: `A malformed id is 400 validation_failed. ${ALIAS_NOTE}`,
    version: 1,
    access: 'site',
    parameters: ['SiteId'],
    success: { status: 200, description: 'The site.', schema: 'Site' },
    problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: '/api/v1/sites/{id}/metrics',
    operationId: 'getSiteMetrics',
    tag: 'Sites',
    summary: 'Emission figures of a site',
    description:
      'Totals, remaining allowance (never below "0"), utilisation, windows and monthly totals (newest first, up to 24, calendar ' +
      "months in the site's zone). `period` is the current reporting year in the site's zone (start inclusive, end exclusive, " +
      'UTC instants) with its total, annual limit, remaining, status and projected total; `near_limit` is true from ' +
      '`near_limit_pct` until the limit is exceeded; `co2e` gives tonnes of CO2-equivalent under `?gwp=` (default AR6-fossil; ' +
      `an unknown set is 400). The figures agree with each other: monthly totals add up to the total. ${ALIAS_NOTE}`,
    query: GwpQuerySchema,
    version: 1,
    access: 'site',
    parameters: ['SiteId'],
    success: { status: 200, description: 'The metrics of the site.', schema: 'SiteMetrics' },
    problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
  },

  {
    method: 'patch',
    path: '/api/v1/sites/{id}',
    operationId: 'patchSite',
    tag: 'Sites',
    summary: "Change a site's settings",
    description:
      'Any of `name`, `emission_limit`, `metadata`, `annual_limit`, `reporting_year_start_month`, `near_limit_pct`, ' +
      '`super_emitter_kg_h`, `timezone`; unknown fields are 400. Each changed field is appended to the change log. `timezone` ' +
      'changes only while the site has no readings (409 site_has_readings). A changed limit takes effect at once: alerting ' +
      `re-evaluates compliance through the outbox and a crossing raises its alert. ${ALIAS_NOTE}`,
    version: 1,
    access: 'operator',
    parameters: ['SiteId'],
    body: 'PatchSiteRequest',
    success: { status: 200, description: 'The site with its new settings.', schema: 'Site' },
    problems: [...BODY_PROBLEMS, 'site_not_found', 'site_name_taken', 'site_has_readings', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'post',
    path: '/api/v1/sites/{id}/archive',
    operationId: 'archiveSite',
    tag: 'Sites',
    summary: 'Archive a site',
    description:
      'An archived site refuses ingestion (409 site_archived), stays readable and is left out of the site list unless ' +
      `\`include_archived=true\`. Archiving again answers the site with its first \`archived_at\`. ${ALIAS_NOTE}`,
    version: 1,
    access: 'operator',
    parameters: ['SiteId'],
    success: { status: 200, description: 'The archived site.', schema: 'Site' },
    problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: '/api/v1/sites/{id}/changes',
    operationId: 'listSiteChanges',
    tag: 'Sites',
    summary: "A site's settings change log",
    description: `Every settings change, newest first: when, who (\`operator\` or a key id), the field, its old and new value. Append-only. ${ALIAS_NOTE}`,
    version: 1,
    access: 'operator',
    parameters: ['SiteId'],
    success: { status: 200, description: 'The change log.', schema: 'SiteChangeList' },
    problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
  },
];
