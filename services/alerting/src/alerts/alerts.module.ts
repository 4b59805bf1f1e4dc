import { METRICS_ENDPOINT, METRICS_REGISTRY, MetricsEndpointServer } from '@emissions/observability';
import { BullModule, Processor } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { ALERTING_ENV, type AlertingEnv } from '../config/env';
import { RecordRateReadingsHandler } from '../emission-events/commands/record-rate-readings.handler';
import { EmissionEventsRepository } from '../emission-events/emission-events.repository';
import { EmissionEventsRpcController } from '../emission-events/emission-events.rpc.controller';
import { ListEmissionEventsHandler } from '../emission-events/queries/list-emission-events.handler';
import { SiteUpdatesPublisher } from '../live/site-updates.publisher';
import { AlertingMetrics } from '../metrics/alerting.metrics';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AlertingHooks } from './alerting.hooks';
import { InboxRepository } from '../inbox/inbox.repository';
import { AlertsRepository } from './alerts.repository';
import { AlertsRpcController } from './alerts.rpc.controller';
import { BatchIngestedProcessor } from './batch-ingested.processor';
import { RecordBatchIngestedHandler } from './commands/record-batch-ingested.handler';
import { ChangeAlertStatusHandler } from './lifecycle/change-alert-status.handler';
import { LimitCrossingDetector } from './limit-crossing.detector';
import { GetAlertHandler } from './queries/get-alert.handler';
import { ListAlertsHandler } from './queries/list-alerts.handler';
import { SuperEmitterAlertsRepository } from './super-emitter-alerts.repository';

const rules = [LimitCrossingDetector, AlertingHooks];
const handlers = [RecordBatchIngestedHandler, ListAlertsHandler, GetAlertHandler, ChangeAlertStatusHandler];
const repositories = [InboxRepository, AlertsRepository];
/** Emission events live beside the alerts they raise: the batch handler records both in one transaction. */
const emissionEvents = [EmissionEventsRepository, SuperEmitterAlertsRepository, RecordRateReadingsHandler, ListEmissionEventsHandler];

/** Alerts: the batch.ingested worker, the inbox and alert writes, emission events, the lifecycle, and the alerts.* and events.* RPCs. */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class AlertsModule {
  static forRoot(env: AlertingEnv): DynamicModule {
    // @Processor needs the queue name when the class is decorated; a subclass per configuration lets the
    // name come from env.ts (and lets tests use a fresh queue each).
    @Processor(env.QUEUE_NAME, { concurrency: env.WORKER_CONCURRENCY })
    class ConfiguredBatchIngestedProcessor extends BatchIngestedProcessor {}

    return {
      module: AlertsModule,
      // registerQueue also brings in @nestjs/bullmq's explorer, which starts the worker (forRoot alone does not).
      imports: [BullModule.registerQueue({ name: env.QUEUE_NAME }), WebhooksModule.forRoot(env)],
      controllers: [AlertsRpcController, EmissionEventsRpcController],
      providers: [
        { provide: ALERTING_ENV, useValue: env },
        ...rules,
        ...handlers,
        ...repositories,
        ...emissionEvents,
        SiteUpdatesPublisher,
        AlertingMetrics,
        { provide: METRICS_REGISTRY, inject: [AlertingMetrics], useFactory: (m: AlertingMetrics) => m.registry },
        { provide: METRICS_ENDPOINT, useValue: { host: env.METRICS_HOST, port: env.METRICS_PORT } },
        MetricsEndpointServer,
        { provide: BatchIngestedProcessor, useClass: ConfiguredBatchIngestedProcessor },
      ],
      // The app's health RPC counts its pings on the same registry.
      exports: [AlertingMetrics],
    };
  }
}
