import { Module } from '@nestjs/common';
import { CreateSiteHandler } from './commands/create-site.handler';
import { GetSiteHandler } from './queries/get-site.handler';
import { GetSiteMetricsHandler } from './queries/get-site-metrics.handler';
import { ListSitesHandler } from './queries/list-sites.handler';
import { SitesRepository } from './sites.repository';
import { SitesRpcController } from './sites.rpc.controller';

const commandHandlers = [CreateSiteHandler];
const queryHandlers = [GetSiteHandler, ListSitesHandler, GetSiteMetricsHandler];
const persistence = [SitesRepository];

@Module({
  controllers: [SitesRpcController],
  providers: [...commandHandlers, ...queryHandlers, ...persistence],
  exports: [...commandHandlers, ...persistence],
})
export class SitesModule {}
