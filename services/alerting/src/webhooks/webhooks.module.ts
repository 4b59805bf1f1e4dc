import { BullModule, getQueueToken, Processor } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { ALERTING_ENV, type AlertingEnv } from '../config/env';
import { CreateWebhookHandler } from './commands/create-webhook.handler';
import { retryDelayMs } from './webhook-backoff';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WEBHOOK_QUEUE, WebhookDispatcher } from './webhook-dispatcher';
import { WebhookTargetPolicy } from './webhook-target.policy';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksRpcController } from './webhooks.rpc.controller';

/** Outbound webhooks: registration, the delivery rows, their queue and worker, and the delivery log. */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class WebhooksModule {
  static forRoot(env: AlertingEnv): DynamicModule {
    const schedule = { baseMs: env.WEBHOOK_BACKOFF_BASE_MS, maxMs: env.WEBHOOK_BACKOFF_MAX_MS };

    @Processor(env.WEBHOOK_QUEUE_NAME, {
      concurrency: env.WEBHOOK_CONCURRENCY,
      settings: {
        backoffStrategy: (attemptsMade: number) => retryDelayMs({ ...schedule, windowMs: env.WEBHOOK_RETRY_WINDOW_MS }, attemptsMade),
      },
    })
    class ConfiguredWebhookDeliveryProcessor extends WebhookDeliveryProcessor {}

    return {
      module: WebhooksModule,
      imports: [BullModule.registerQueue({ name: env.WEBHOOK_QUEUE_NAME })],
      controllers: [WebhooksRpcController],
      providers: [
        { provide: ALERTING_ENV, useValue: env },
        { provide: WebhookTargetPolicy, useValue: new WebhookTargetPolicy(env.WEBHOOK_ALLOWED_PRIVATE_CIDRS) },
        { provide: WEBHOOK_QUEUE, useExisting: getQueueToken(env.WEBHOOK_QUEUE_NAME) },
        WebhooksRepository,
        WebhookDeliveriesRepository,
        WebhookDispatcher,
        CreateWebhookHandler,
        { provide: WebhookDeliveryProcessor, useClass: ConfiguredWebhookDeliveryProcessor },
      ],
      exports: [WebhookDeliveriesRepository, WebhookDispatcher],
    };
  }
}
