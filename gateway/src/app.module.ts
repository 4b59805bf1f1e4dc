import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { ConfigModule } from './config/config.module';
import type { GatewayEnv } from './config/env';
import { DeviceKeysModule } from './device-keys/device-keys.module';
import { EventsModule } from './events/events.module';
import { SensorsModule } from './sensors/sensors.module';
import { HealthModule } from './health/health.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { HttpDrainService } from './lifecycle/http-drain.service';
import { MetricsModule } from './metrics/metrics.module';
import { OpenApiModule } from './openapi/openapi.module';
import { ProblemsModule } from './problems/problems.module';
import { PipelineMetricsModule } from './pipeline-metrics/pipeline-metrics.module';
import { SessionModule } from './session/session.module';
import { ReportsModule } from './reports/reports.module';
import { SitesModule } from './sites/sites.module';
import { StreamModule } from './stream/stream.module';
import { WebhooksModule } from './webhooks/webhooks.module';

const infrastructure = (env: GatewayEnv, logger: Logger) => [
  ConfigModule.forRoot(env),
  // The pino-http middleware is mounted by hand before the body parser (app.setup.ts), so every request,
  // including one the parser rejects, is logged; nestjs-pino reuses the logger it puts on each request.
  LoggerModule.forRoot({ useExisting: true, pinoHttp: { logger } }),
  ClientsModule,
  ProblemsModule,
  AuthModule,
  MetricsModule,
];

const features = [
  SessionModule,
  SitesModule,
  ReportsModule,
  DeviceKeysModule,
  IngestionModule,
  HealthModule,
  OpenApiModule,
  AlertsModule,
  EventsModule,
  SensorsModule,
  WebhooksModule,
  StreamModule,
  PipelineMetricsModule,
];

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class AppModule {
  static forRoot(env: GatewayEnv, logger: Logger): DynamicModule {
    return { module: AppModule, imports: [...infrastructure(env, logger), ...features], providers: [HttpDrainService] };
  }
}
