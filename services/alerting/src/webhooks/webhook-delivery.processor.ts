import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { ALERTING_ENV, type AlertingEnv } from '../config/env';
import { mayRetry } from './webhook-backoff';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { sendWebhook } from './webhook-sender';
import { WebhookTargetPolicy } from './webhook-target.policy';

export type DeliveryJob = { delivery_id: string };

/**
 * Makes one attempt of one delivery per job run. Success and failure are recorded on the delivery row
 * (its log); a failure is thrown so BullMQ retries with the webhook backoff, until the retry window is
 * over, when the delivery is marked failed. Not decorated here: `WebhooksModule.forRoot` applies
 * `@Processor(WEBHOOK_QUEUE_NAME)` to a subclass, as for the batch processor.
 */
@Injectable()
export class WebhookDeliveryProcessor extends WorkerHost {
  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly policy: WebhookTargetPolicy,
    @Inject(ALERTING_ENV) private readonly env: AlertingEnv,
    private readonly log: PinoLogger,
  ) {
    super();
    log.setContext(WebhookDeliveryProcessor.name);
  }

  async process(job: Job<DeliveryJob>): Promise<string> {
    const delivery = await this.deliveries.load(job.data.delivery_id);
    // Already delivered or given up (a duplicate job, or the sweep re-queued a finished one): nothing to do.
    if (delivery?.status !== 'pending') return delivery?.status ?? 'unknown';
    if (delivery.webhook_deleted) {
      await this.deliveries.recordAttempt(delivery.id, { status: 'failed', code: null, error: 'the webhook was deleted' });
      return 'failed';
    }
    const attempt = await sendWebhook(
      this.policy,
      { url: delivery.url, secret: delivery.secret, deliveryId: delivery.id, eventType: delivery.event_type, body: delivery.body },
      this.env.WEBHOOK_TIMEOUT_MS,
    );
    const fields = { delivery_id: delivery.id, attempt: job.attemptsMade + 1, status_code: attempt.status };
    if (attempt.ok) {
      await this.deliveries.recordAttempt(delivery.id, { status: 'delivered', code: attempt.status, error: null });
      this.log.info(fields, 'webhook delivered');
      return 'delivered';
    }
    const retry = mayRetry(this.schedule(), new Date(delivery.created_at).getTime(), Date.now());
    await this.deliveries.recordAttempt(delivery.id, { status: retry ? 'pending' : 'failed', code: attempt.status, error: attempt.error });
    this.log.warn({ ...fields, error: attempt.error, retry }, 'webhook attempt failed');
    if (!retry) throw new UnrecoverableError(`gave up after the retry window: ${attempt.error}`);
    throw new Error(attempt.error ?? 'webhook attempt failed');
  }

  schedule() {
    return { baseMs: this.env.WEBHOOK_BACKOFF_BASE_MS, maxMs: this.env.WEBHOOK_BACKOFF_MAX_MS, windowMs: this.env.WEBHOOK_RETRY_WINDOW_MS };
  }
}
