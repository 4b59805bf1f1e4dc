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

type SiteIdParams = { id: string };
const siteIdPipe = new ZodValidationPipe(SiteIdParamsSchema);

/** Who the change log names: `operator` for the operator (key or session), the key id for a device key. */
const changedBy = (principal: Principal) => (principal.kind === 'operator' ? 'operator' : principal.keyId);

/** Sites are a v1 resource; unversioned /api/sites serves the same. Operators only, but a device key may read its own site. */
@Controller(['api/v1/sites', 'api/sites'])
export class SitesController {
  constructor(private readonly ingestion: IngestionClient) {}

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

  @Get()
  list(@Query(new ZodValidationPipe(ListSitesQuerySchema)) query: ListSitesQuery): Promise<SiteList> {
    return this.ingestion.listSites(query);
  }

  @Get(':id')
  @Allow('site')
  get(@Param(siteIdPipe) params: SiteIdParams): Promise<Site> {
    return this.ingestion.getSite(params.id);
  }

  @Patch(':id')
  @UseGuards(JsonContentTypeGuard)
  patch(
    @Param(siteIdPipe) params: SiteIdParams,
    @Body(new ZodValidationPipe(PatchSiteRequestSchema)) body: PatchSiteRequest,
    @Req() req: Request,
  ): Promise<Site> {
    return this.ingestion.patchSite({ id: params.id, changed_by: changedBy(principalOf(req)), changes: body });
  }

  @Post(':id/archive')
  @HttpCode(200)
  archive(@Param(siteIdPipe) params: SiteIdParams, @Req() req: Request): Promise<Site> {
    return this.ingestion.archiveSite({ id: params.id, changed_by: changedBy(principalOf(req)) });
  }

  @Get(':id/changes')
  changes(@Param(siteIdPipe) params: SiteIdParams): Promise<SiteChangeList> {
    return this.ingestion.siteChanges(params.id);
  }

  @Get(':id/metrics')
  @Allow('site')
  metrics(@Param(siteIdPipe) params: SiteIdParams, @Query(new ZodValidationPipe(GwpQuerySchema)) query: GwpQuery): Promise<SiteMetrics> {
    return this.ingestion.siteMetrics({ id: params.id, ...query });
  }
}
