import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { RpcFailureFilter } from '@emissions/service-kit';
import { INGESTION_ENV, type IngestionEnv, loadEnv } from './config/env';
import { ormConfig } from './database/mikro-orm.config';
import { HealthRpcController } from './health/health.rpc.controller';
import { IngestionModule } from './ingestion/ingestion.module';
import { KeysModule } from './keys/keys.module';
import { type LogLevel, loggerParams } from '@emissions/observability';
import { MetricsModule } from './metrics/metrics.module';
import type { MetricsEndpoint } from '@emissions/observability';
import { OutboxModule } from './outbox/outbox.module';
import { PartitionsModule } from './partitions/partitions.module';
import { ReportsModule } from './reports/reports.module';
import { SensorsModule } from './sensors/sensors.module';
import { SitesModule } from './sites/sites.module';

export type IngestionAppOptions = {
  /** The parsed environment (default: process.env, parsed now). */
  env?: IngestionEnv;
  /** Where to serve GET /metrics: default METRICS_HOST:METRICS_PORT (none when 0); false for one-shot scripts. */
  metricsEndpoint?: MetricsEndpoint | false;
  /** Overrides LOG_LEVEL (the seed logs warnings only). */
  logLevel?: LogLevel;
  /** Where log lines go (default stdout); tests capture them here. */
  logDestination?: DestinationStream;
};

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class AppModule {
  static forRoot(options: IngestionAppOptions = {}): DynamicModule {
    const env = options.env ?? loadEnv();
    const fromEnv = env.METRICS_PORT === 0 ? null : { port: env.METRICS_PORT, host: env.METRICS_HOST };
    const metricsEndpoint = options.metricsEndpoint === false ? null : (options.metricsEndpoint ?? fromEnv);
    return {
      module: AppModule,
      // The parsed environment is one value for every module (INGESTION_ENV), read once at boot.
      global: true,
      imports: [
        LoggerModule.forRoot(loggerParams('ingestion', options.logLevel ?? env.LOG_LEVEL, options.logDestination)),
        MikroOrmModule.forRoot(ormConfig(env)),
        MetricsModule.forRoot(metricsEndpoint),
        SitesModule,
        ReportsModule,
        SensorsModule,
        IngestionModule,
        OutboxModule,
        KeysModule,
        PartitionsModule,
      ],
      controllers: [HealthRpcController],
      providers: [
        { provide: INGESTION_ENV, useValue: env },
        { provide: APP_FILTER, useValue: new RpcFailureFilter('ingestion') },
      ],
      exports: [INGESTION_ENV],
    };
  }
}
