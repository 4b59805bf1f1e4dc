import {
  type CreateSiteRequest,
  CreateSiteRequestSchema,
  type GwpQuery,
  GwpQuerySchema,
  type ListSitesQuery,
  ListSitesQuerySchema,
  type PatchSiteRequest,
  PatchSiteRequestSchema,
  type Site,
  type SiteChangeList,
  SiteIdParamsSchema,
  type SiteList,
  type SiteMetrics,
} from '@emissions/contracts';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '../auth/access.decorator';
import { type Principal, principalOf } from '../auth/principal';
import { IngestionClient } from '../clients/ingestion.client';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { JsonContentTypeGuard } from '../request-context/json-content-type.guard';
import { ApiOperation, ApiTag, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';

type SiteIdParams = { id: string };
const siteIdPipe = new ZodValidationPipe(SiteIdParamsSchema);

/** Who the change log names: `operator` for the operator (key or session), the key id for a device key. */
const changedBy = (principal: Principal) => (principal.kind === 'operator' ? 'operator' : principal.keyId);

const ALIAS_NOTE = 'Also served unversioned under `/api/sites` (v1 forever: sensors flashed before versioning keep working).';

/** Sites are a v1 resource; unversioned /api/sites serves the same. Operators only, but a device key may read its own site. */
@ApiTag('Sites')
@Controller(['api/v1/sites', 'api/sites'])
export class SitesController {
  constructor(private readonly ingestion: IngestionClient) {}

  @ApiOperation('createSite', 'Create a site', {
    description: `Names are trimmed and unique regardless of case. ${ALIAS_NOTE}`,
    success: { description: 'The created site.', schema: 'Site', headers: ['Location'] },
    problems: ['site_name_taken', ...UPSTREAM_PROBLEMS],
  })
  @Post()
  @HttpCode(201)
  @UseGuards(JsonContentTypeGuard)
  async create(
    @Body(new ZodValidationPipe(CreateSiteRequestSchema)) body: CreateSiteRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Site> {
    const site = await this.ingestion.createSite(body);
    res.setHeader('Location', `/api/v1/sites/${site.id}`);
    return site;
  }

  @ApiOperation('listSites', 'List sites ordered by name', {
    description:
      'Pages with `limit` (up to 500) and `cursor`; `next_cursor` is present when there is more. Archived sites are left out ' +
      `unless \`include_archived=true\`. ${ALIAS_NOTE}`,
    success: { description: 'One page of sites.', schema: 'SiteList' },
    problems: UPSTREAM_PROBLEMS,
  })
  @Get()
  list(@Query(new ZodValidationPipe(ListSitesQuerySchema)) query: ListSitesQuery): Promise<SiteList> {
    return this.ingestion.listSites(query);
  }

  @ApiOperation('getSite', 'Get a site', {
    description: `A malformed id is 400 validation_failed. ${ALIAS_NOTE}`,
    success: { description: 'The site.', schema: 'Site' },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Get(':id')
  @Allow('site')
  get(@Param(siteIdPipe) params: SiteIdParams): Promise<Site> {
    return this.ingestion.getSite(params.id);
  }

  @ApiOperation('patchSite', "Change a site's settings", {
    description:
      'Any of `name`, `emission_limit`, `metadata`, `annual_limit`, `reporting_year_start_month`, `near_limit_pct`, ' +
      '`super_emitter_kg_h`, `timezone`; unknown fields are 400. Each changed field is appended to the change log. `timezone` ' +
      'changes only while the site has no readings (409 site_has_readings). A changed limit takes effect at once: alerting ' +
      `re-evaluates compliance through the outbox and a crossing raises its alert. ${ALIAS_NOTE}`,
    success: { description: 'The site with its new settings.', schema: 'Site' },
    problems: ['site_not_found', 'site_name_taken', 'site_has_readings', ...UPSTREAM_PROBLEMS],
  })
  @Patch(':id')
  @UseGuards(JsonContentTypeGuard)
  patch(
    @Param(siteIdPipe) params: SiteIdParams,
    @Body(new ZodValidationPipe(PatchSiteRequestSchema)) body: PatchSiteRequest,
    @Req() req: Request,
  ): Promise<Site> {
    return this.ingestion.patchSite({ id: params.id, changed_by: changedBy(principalOf(req)), changes: body });
  }

  @ApiOperation('archiveSite', 'Archive a site', {
    description:
      'An archived site refuses ingestion (409 site_archived), stays readable and is left out of the site list unless ' +
      `\`include_archived=true\`. Archiving again answers the site with its first \`archived_at\`. ${ALIAS_NOTE}`,
    success: { description: 'The archived site.', schema: 'Site' },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Post(':id/archive')
  @HttpCode(200)
  archive(@Param(siteIdPipe) params: SiteIdParams, @Req() req: Request): Promise<Site> {
    return this.ingestion.archiveSite({ id: params.id, changed_by: changedBy(principalOf(req)) });
  }

  @ApiOperation('listSiteChanges', "A site's settings change log", {
    description: `Every settings change, newest first: when, who (\`operator\` or a key id), the field, its old and new value. Append-only. ${ALIAS_NOTE}`,
    success: { description: 'The change log.', schema: 'SiteChangeList' },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Get(':id/changes')
  changes(@Param(siteIdPipe) params: SiteIdParams): Promise<SiteChangeList> {
    return this.ingestion.siteChanges(params.id);
  }

  @ApiOperation('getSiteMetrics', 'Emission figures of a site', {
    description:
      'Totals, remaining allowance (never below "0"), utilisation, windows and monthly totals (newest first, up to 24, calendar ' +
      "months in the site's zone). `period` is the current reporting year in the site's zone (start inclusive, end exclusive, " +
      'UTC instants) with its total, annual limit, remaining, status and projected total; `near_limit` is true from ' +
      '`near_limit_pct` until the limit is exceeded; `co2e` gives tonnes of CO2-equivalent under `?gwp=` (default AR6-fossil; ' +
      `an unknown set is 400). The figures agree with each other: monthly totals add up to the total. ${ALIAS_NOTE}`,
    success: { description: 'The metrics of the site.', schema: 'SiteMetrics' },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Get(':id/metrics')
  @Allow('site')
  metrics(@Param(siteIdPipe) params: SiteIdParams, @Query(new ZodValidationPipe(GwpQuerySchema)) query: GwpQuery): Promise<SiteMetrics> {
    return this.ingestion.siteMetrics({ id: params.id, ...query });
  }
}
