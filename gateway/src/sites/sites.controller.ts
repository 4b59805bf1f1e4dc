import {
  type CreateSiteRequest,
  CreateSiteRequestSchema,
  type ListSitesQuery,
  ListSitesQuerySchema,
  type Site,
  SiteIdParamsSchema,
  type SiteList,
  type SiteMetrics,
} from '@emissions/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorator';
import { IngestionClient } from '../clients/ingestion.client';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { JsonContentTypeGuard } from '../request-context/json-content-type.guard';

type SiteIdParams = { id: string };
const siteIdPipe = new ZodValidationPipe(SiteIdParamsSchema);

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

  @Get(':id/metrics')
  @Allow('site')
  metrics(@Param(siteIdPipe) params: SiteIdParams): Promise<SiteMetrics> {
    return this.ingestion.siteMetrics(params.id);
  }
}
