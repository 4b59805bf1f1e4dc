import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { CreateSiteHandler } from './commands/create-site.handler';
import { HourlyRollupPruner } from './hourly-rollup.pruner';
import { GetSiteHandler } from './queries/get-site.handler';
import { GetSiteMetricsHandler } from './queries/get-site-metrics.handler';
import { ListSitesHandler } from './queries/list-sites.handler';
import { SiteSnapshotHandler } from './queries/site-snapshot.handler';
import { ArchiveSiteHandler } from './settings/archive-site.handler';
import { ListSiteChangesHandler } from './settings/list-site-changes.handler';
import { PatchSiteHandler } from './settings/patch-site.handler';
import { SiteChangesRepository } from './settings/site-changes.repository';
import { SitesRepository } from './sites.repository';
import { SitesRpcController } from './sites.rpc.controller';

const commandHandlers = [CreateSiteHandler, PatchSiteHandler, ArchiveSiteHandler];
const queryHandlers = [GetSiteHandler, ListSitesHandler, SiteSnapshotHandler, GetSiteMetricsHandler, ListSiteChangesHandler];
const persistence = [SitesRepository, SiteChangesRepository];

@Module({
  imports: [OutboxModule],
  controllers: [SitesRpcController],
  providers: [...commandHandlers, ...queryHandlers, ...persistence, HourlyRollupPruner],
  exports: [...commandHandlers, ...persistence],
})
export class SitesModule {}
