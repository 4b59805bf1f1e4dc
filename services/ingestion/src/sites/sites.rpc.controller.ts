import { parsePayload } from '@emissions/service-kit';
import {
  ArchiveSiteCommandSchema,
  CreateSiteRequestSchema,
  IngestionPatterns,
  ListSitesQuerySchema,
  PatchSiteCommandSchema,
  SiteIdParamsSchema,
  SiteMetricsQuerySchema,
} from '@emissions/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateSiteHandler } from './commands/create-site.handler';
import { GetSiteHandler } from './queries/get-site.handler';
import { GetSiteMetricsHandler } from './queries/get-site-metrics.handler';
import { ListSitesHandler } from './queries/list-sites.handler';
import { SiteSnapshotHandler } from './queries/site-snapshot.handler';
import { ArchiveSiteHandler } from './settings/archive-site.handler';
import { ListSiteChangesHandler } from './settings/list-site-changes.handler';
import { PatchSiteHandler } from './settings/patch-site.handler';

@Controller()
export class SitesRpcController {
  constructor(
    private readonly createSite: CreateSiteHandler,
    private readonly getSite: GetSiteHandler,
    private readonly listSites: ListSitesHandler,
    private readonly snapshot: SiteSnapshotHandler,
    private readonly siteMetrics: GetSiteMetricsHandler,
    private readonly patchSite: PatchSiteHandler,
    private readonly archiveSite: ArchiveSiteHandler,
    private readonly siteChanges: ListSiteChangesHandler,
  ) {}

  @MessagePattern(IngestionPatterns.createSite)
  create(@Payload() payload: unknown) {
    return this.createSite.execute(parsePayload(CreateSiteRequestSchema, payload));
  }

  @MessagePattern(IngestionPatterns.getSite)
  get(@Payload() payload: unknown) {
    return this.getSite.execute(parsePayload(SiteIdParamsSchema, payload).id);
  }

  @MessagePattern(IngestionPatterns.listSites)
  list(@Payload() payload: unknown) {
    return this.listSites.execute(parsePayload(ListSitesQuerySchema, payload));
  }

  @MessagePattern(IngestionPatterns.siteSnapshot)
  siteSnapshot() {
    return this.snapshot.execute();
  }

  @MessagePattern(IngestionPatterns.siteMetrics)
  metrics(@Payload() payload: unknown) {
    return this.siteMetrics.execute(parsePayload(SiteMetricsQuerySchema, payload));
  }

  @MessagePattern(IngestionPatterns.patchSite)
  patch(@Payload() payload: unknown) {
    return this.patchSite.execute(parsePayload(PatchSiteCommandSchema, payload));
  }

  @MessagePattern(IngestionPatterns.archiveSite)
  archive(@Payload() payload: unknown) {
    return this.archiveSite.execute(parsePayload(ArchiveSiteCommandSchema, payload));
  }

  @MessagePattern(IngestionPatterns.siteChanges)
  changes(@Payload() payload: unknown) {
    return this.siteChanges.execute(parsePayload(SiteIdParamsSchema, payload).id);
  }
}
