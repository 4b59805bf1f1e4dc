import { ListSitesQuerySchema } from '@emissions/contracts';
import { type RouteDoc, UPSTREAM_PROBLEMS } from './route.doc';

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
    description: `Pages with \`limit\` (up to 500) and \`cursor\`; \`next_cursor\` is present when there is more. ${ALIAS_NOTE}`,
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
      'Totals, remaining allowance (never below "0"), utilisation, windows and monthly totals (newest first, up to 24). ' +
      `The figures agree with each other: monthly totals add up to the total. ${ALIAS_NOTE}`,
    version: 1,
    access: 'site',
    parameters: ['SiteId'],
    success: { status: 200, description: 'The metrics of the site.', schema: 'SiteMetrics' },
    problems: ['validation_failed', 'site_not_found', ...UPSTREAM_PROBLEMS],
  },
];
