import { Module } from '@nestjs/common';
import { CreateSiteHandler } from './commands/create-site.handler';
import { GetSiteHandler } from './queries/get-site.handler';
import { GetSiteMetricsHandler } from './queries/get-site-metrics.handler';
import { ListSitesHandler } from './queries/list-sites.handler';
import { SitesRpcController } from './sites.rpc.controller';

const commandHandlers = [CreateSiteHandler];
const queryHandlers = [GetSiteHandler, ListSitesHandler, GetSiteMetricsHandler];

@Module({
  controllers: [SitesRpcController],
  providers: [...commandHandlers, ...queryHandlers],
  exports: [...commandHandlers],
})
export class SitesModule {}
