import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BullModule } from '@nestjs/bullmq';
import { RpcFailureFilter } from '@emissions/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AlertsModule } from './alerts/alerts.module';
import type { AlertingEnv } from './config/env';
import { ormConfig } from './database/mikro-orm.config';
import { HealthRpcController } from './health/health.rpc.controller';
import { loggerParams } from '@emissions/observability';

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class AppModule {
  /** `logDestination` (default stdout) lets tests capture the JSON log lines. */
  static forRoot(env: AlertingEnv, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams('alerting', env.LOG_LEVEL, logDestination)),
        MikroOrmModule.forRoot(ormConfig(env)),
        // Workers need maxRetriesPerRequest: null so a Redis blip never fails their blocking commands.
        BullModule.forRoot({ connection: { url: env.REDIS_URL, maxRetriesPerRequest: null } }),
        AlertsModule.forRoot(env),
      ],
      controllers: [HealthRpcController],
      // The one RPC edge: whatever a handler throws leaves as the RPC failure the gateway maps.
      providers: [{ provide: APP_FILTER, useValue: new RpcFailureFilter('alerting') }],
    };
  }
}
