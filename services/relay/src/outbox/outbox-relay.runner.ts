import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { RELAY_ENV, type RelayEnv } from '../config/env';
import { OutboxEventRepository } from './outbox-event.repository';
import { OutboxWakeupSignal } from './outbox-wakeup.signal';
import { OutboxRelay } from './outbox.relay';
import { relayBackoffMs } from './relay-backoff';

/**
 * The relay's single loop: publish while there is work, then sleep until a NOTIFY or the poll interval;
 * back off with jitter while Redis or PostgreSQL fail; prune old published rows now and then.
 * Shutdown stops the loop after the batch in flight has committed or rolled back.
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayRunner.name);
  private stopping = false;
  private loop: Promise<void> | undefined;
  private failures = 0;
  private lastPruneAt = 0;
  private readonly stopped = new AbortController();

  constructor(
    @Inject(RELAY_ENV) private readonly env: RelayEnv,
    private readonly relay: OutboxRelay,
    private readonly outbox: OutboxEventRepository,
    private readonly signal: OutboxWakeupSignal,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    this.signal.notify();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const pause = await this.step();
      if (pause > 0 && !this.stopping) {
        await this.signal.wait(pause);
        // Under load every commit notifies: a short gather turns one sweep per event into one per several.
        if (this.env.RELAY_GATHER_MS > 0) await sleep(this.env.RELAY_GATHER_MS, this.stopped.signal);
      }
    }
  }

  /** Runs one round and returns how long to sleep before the next (0: more work is waiting). */
  private async step(): Promise<number> {
    try {
      const published = await this.relay.relayBatch();
      if (this.failures > 0) this.logger.log(`publishing again after ${this.failures} failed attempts`);
      this.failures = 0;
      // Also under constant load (every batch full), so the table cannot grow without bound.
      await this.pruneIfDue();
      return published === this.env.RELAY_BATCH_SIZE ? 0 : this.env.RELAY_POLL_MS;
    } catch (err) {
      this.failures++;
      const backoff = relayBackoffMs(this.failures, this.env.RELAY_BACKOFF_MIN_MS, this.env.RELAY_BACKOFF_MAX_MS);
      this.logger.warn(`publish failed (attempt ${this.failures}): ${(err as Error).message}; retrying in ${backoff} ms`);
      // A NOTIFY must not cut the backoff short, or an outage would be hammered on every commit.
      await sleep(backoff, this.stopped.signal);
      return 0;
    }
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPruneAt < this.env.OUTBOX_PRUNE_INTERVAL_MS) return;
    this.lastPruneAt = Date.now();
    try {
      const pruned = await this.outbox.prunePublished(this.env.OUTBOX_RETENTION_HOURS);
      if (pruned > 0) this.logger.log(`pruned ${pruned} published outbox rows`);
    } catch (err) {
      this.logger.warn(`pruning failed: ${(err as Error).message}`);
    }
  }
}

/** Sleeps `ms`, or less when the relay is told to stop. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}
