import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { ALERTING_ENV, type AlertingEnv } from '../config/env';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

export const WEBHOOK_QUEUE = Symbol('WEBHOOK_QUEUE');
export const WEBHOOK_JOB = 'webhook.delivery';

/** Enough attempts for any window: the worker stops a delivery when its retry window is over, not BullMQ. */
const ATTEMPTS = 100_000;

/**
 * Puts committed deliveries on the queue, one job per delivery id (`jobId = delivery-<id>`, so adding one
 * twice is harmless). Called after the commit that wrote them; if Redis is away at that moment, the sweep
 * finds them still pending and queues them later, so a committed delivery is never forgotten.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(WEBHOOK_QUEUE) private readonly queue: Queue,
    @Inject(ALERTING_ENV) private readonly env: AlertingEnv,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly log: PinoLogger,
  ) {
    log.setContext(WebhookDispatcher.name);
  }

  /** Best effort by design: a failure is logged and left to the sweep. */
  async enqueue(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    try {
      await this.queue.addBulk(
        deliveryIds.map((id) => ({
          name: WEBHOOK_JOB,
          data: { delivery_id: id },
          opts: { jobId: `delivery-${id}`, attempts: ATTEMPTS, backoff: { type: 'webhook' }, removeOnComplete: 1000, removeOnFail: 1000 },
        })),
      );
    } catch (err) {
      this.log.warn(
        { deliveries: deliveryIds.length, error: (err as Error).message },
        'queueing webhook deliveries failed; the sweep retries',
      );
    }
  }

  /** Queues pending deliveries whose job may be missing (older than one sweep interval). */
  async sweep(): Promise<number> {
    const ids = await this.deliveries.pendingOlderThan(this.env.WEBHOOK_SWEEP_MS);
    await this.enqueue(ids);
    return ids.length;
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => {
      this.sweep().catch((err: Error) => this.log.warn({ error: err.message }, 'webhook sweep failed'));
    }, this.env.WEBHOOK_SWEEP_MS);
    this.sweepTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
  }
}
