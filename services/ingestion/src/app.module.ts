import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ormConfig } from './database/mikro-orm.config';
import { HealthRpcController } from './health/health.rpc.controller';
import { IngestionModule } from './ingestion/ingestion.module';
import { PartitionsModule } from './partitions/partitions.module';
import { RpcFailureFilter } from './rpc/rpc-failure.filter';
import { SitesModule } from './sites/sites.module';

@Module({
  imports: [MikroOrmModule.forRoot(ormConfig()), SitesModule, IngestionModule, PartitionsModule],
  controllers: [HealthRpcController],
  providers: [{ provide: APP_FILTER, useClass: RpcFailureFilter }],
})
export class AppModule {}
