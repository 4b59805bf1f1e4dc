import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { RELAY_ENV, type RelayEnv } from '../config/env';
import { ReconcilerMetrics } from './reconciler.metrics';
import { type SweepCursor, UnprocessedEventRepository } from './unprocessed-event.repository';

/** Event types whose processing the alerting inbox records (`BATCH_INGESTED` of @emissions/contracts). */
export const INBOX_RECORDED_EVENT_TYPES = ['batch.ingested', 'site.settings_changed'];

/** Chunks per round at most, so catching up after a start never holds the database for long. */
const MAX_CHUNKS_PER_ROUND = 20;

/**
 * Heals a broker that lost published events (a Redis restarted without its data, a failover to an empty replica,
 * an eviction): every RECONCILE_INTERVAL_MS it sweeps the outbox rows published since its last sweep and at least
 * the grace period ago, and requeues those the alerting inbox never recorded. The sweep walks forward in
 * `published_at` order, so each row is looked at once per publication; a requeued row is published again, so it is
 * looked at again one grace period later, until alerting records it.
 */
@Injectable()
export class InboxReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxReconciler.name);
  private cursor: SweepCursor | undefined;
  private loop: Promise<void> | undefined;
  private readonly stopped = new AbortController();

  constructor(
    @Inject(RELAY_ENV) private readonly env: RelayEnv,
    private readonly events: UnprocessedEventRepository,
    private readonly metrics: ReconcilerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.RECONCILE_INTERVAL_MS > 0) this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped.abort();
    await this.loop;
  }

  /** A row is only looked at once the relay transaction that published it must have ended (the publish timeout). */
  get graceS(): number {
    return Math.max(this.env.RECONCILE_GRACE_S, Math.ceil(this.env.RELAY_PUBLISH_TIMEOUT_MS / 1000) + 1);
  }

  private async run(): Promise<void> {
    while (!this.stopped.signal.aborted) {
      await delay(this.env.RECONCILE_INTERVAL_MS, undefined, { signal: this.stopped.signal }).catch(() => undefined);
      if (this.stopped.signal.aborted) return;
      try {
        await this.reconcile();
      } catch (err) {
        // The database or the alerting schema is away: the cursor stays, the next round retries the same rows.
        this.logger.warn(`reconciliation failed: ${(err as Error).message}`);
      }
    }
  }

  /** One round: sweeps chunk after chunk until it has caught up; returns the ids it requeued. */
  async reconcile(): Promise<string[]> {
    const requeued: string[] = [];
    for (let chunk = 0; chunk < MAX_CHUNKS_PER_ROUND && !this.stopped.signal.aborted; chunk++) {
      const result = await this.events.sweep({
        cursor: this.cursor,
        lookbackS: this.env.RECONCILE_LOOKBACK_HOURS * 3600,
        graceS: this.graceS,
        limit: this.env.RECONCILE_BATCH_SIZE,
        eventTypes: INBOX_RECORDED_EVENT_TYPES,
      });
      this.cursor = result.cursor;
      this.metrics.scanned.inc(result.scanned);
      requeued.push(...result.requeued);
      if (result.scanned < this.env.RECONCILE_BATCH_SIZE) break;
    }
    if (requeued.length > 0) {
      this.metrics.requeued.inc(requeued.length);
      this.logger.warn(
        `requeued ${requeued.length} outbox events published at least ${this.graceS} s ago that alerting never processed (lost by the broker?): ${requeued.slice(0, 20).join(', ')}${requeued.length > 20 ? ', …' : ''}`,
      );
    }
    return requeued;
  }
}
