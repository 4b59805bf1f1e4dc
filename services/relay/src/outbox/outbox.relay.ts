import { Inject, Injectable, Logger } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { RELAY_ENV, type RelayEnv } from '../config/env';
import { RelayMetrics } from '../metrics/relay.metrics';
import { BatchIngestedPublisher } from './batch-ingested.publisher';
import { OutboxEventRepository, type PendingOutboxEvent } from './outbox-event.repository';
import { OutboxRelayHooks } from './outbox-relay.hooks';

/**
 * Moves one batch of committed outbox rows into the queue. Invariant: a row is marked published only in
 * the transaction that held its lock while its job was added, so a row is never lost; it may be sent
 * twice (crash before commit), which the job id and the consumer's inbox make harmless.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    @Inject(RELAY_ENV) private readonly env: RelayEnv,
    private readonly outbox: OutboxEventRepository,
    private readonly publisher: BatchIngestedPublisher,
    private readonly hooks: OutboxRelayHooks,
    private readonly metrics: RelayMetrics,
    private readonly log: PinoLogger,
  ) {
    log.setContext(OutboxRelay.name);
  }

  /** Publishes at most one batch; returns how many rows it published. Throws when it could not. */
  async relayBatch(): Promise<number> {
    let claimed: PendingOutboxEvent[] = [];
    try {
      const published = await this.outbox.publishClaimed(this.env.RELAY_BATCH_SIZE, async (events) => {
        claimed = events;
        await this.publisher.publish(events);
        await this.hooks.afterPublish(events);
      });
      if (published > 0) {
        const now = Date.now();
        for (const e of claimed) this.metrics.commitToEnqueue.observe(Math.max(0, now - e.createdAt.getTime()) / 1000);
        this.metrics.published.inc(published);
        await this.publisher.countPublished(published);
        // One line per claimed batch, carrying each event's request id so a grep follows a batch here.
        this.log.info({ count: published, events: claimed.map(eventRef) }, 'published %d outbox events', published);
      }
      return published;
    } catch (err) {
      this.metrics.publishFailures.inc();
      await this.recordFailure(claimed, err);
      throw err;
    }
  }

  private async recordFailure(claimed: PendingOutboxEvent[], err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    try {
      await this.outbox.recordFailure(claimed, message);
    } catch (recordErr) {
      this.logger.debug(`could not record the failure: ${(recordErr as Error).message}`);
    }
  }
}

/** The ids a log reader needs to follow an event: its own and the HTTP request that produced it. */
function eventRef(event: PendingOutboxEvent): { event_id: string; request_id: string | null } {
  const payload = event.payload as { request_id?: unknown } | null;
  return { event_id: event.id, request_id: typeof payload?.request_id === 'string' ? payload.request_id : null };
}
