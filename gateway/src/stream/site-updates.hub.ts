import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { RedisClient } from '../clients/redis.client';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { type InvalidEntry, type SiteUpdateEntry, toEntries } from './site-update.entry';

export type SiteUpdatesSubscriber = { onEntry: (entry: SiteUpdateEntry) => void; onClose: () => void };

/**
 * One XREAD BLOCK loop per gateway process on the site-updates stream, fanned out to the SSE clients
 * of this process. Every replica reads the whole stream, so any replica can serve any client.
 */
@Injectable()
export class SiteUpdatesHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SiteUpdatesHub.name);
  private readonly subscribers = new Set<SiteUpdatesSubscriber>();
  // Blocking reads need their own connection; they would stall every other command on a shared one.
  private readonly reader: Redis;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly dropped: Counter;
  private readonly onInvalid = ({ id, reason }: InvalidEntry) => {
    this.dropped.inc();
    this.logger.warn(`dropped site-updates entry ${id}: ${reason}`);
  };

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly redisClient: RedisClient,
    metrics: MetricsService,
  ) {
    this.dropped = new Counter({
      name: 'stream_entries_dropped_total',
      help: 'Site-updates stream entries not sent to SSE clients because they failed the shared schema',
      registers: [metrics.registry],
    });
    this.reader = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
    this.reader.on('error', (err: Error) => this.logger.debug(`redis reader: ${err.message}`));
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  subscribe(subscriber: SiteUpdatesSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Entries after `id` (exclusive), for a client resuming with Last-Event-ID. */
  async readAfter(id: string, count = 1000): Promise<SiteUpdateEntry[]> {
    const raw = await this.redisClient.redis.xrange(this.env.SITE_UPDATES_STREAM, `(${id}`, '+', 'COUNT', count);
    // Invalid entries are dropped here too, but counted once, by the live loop that saw them arrive.
    return toEntries(raw);
  }

  /** Ends every open stream first, so draining the HTTP server does not wait for idle SSE clients. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const s of this.subscribers) s.onClose();
    this.subscribers.clear();
    this.reader.disconnect();
    // A read queued while Redis was unreachable is never settled by disconnect() during a reconnect: do not wait for it.
    await Promise.race([this.loop, new Promise((r) => setTimeout(r, 1000).unref())]);
  }

  private async run(): Promise<void> {
    let lastId: string | undefined;
    while (!this.stopping) {
      try {
        if (this.reader.status === 'wait') await this.reader.connect();
        // Start from the newest entry (not '$' on every call, which would drop entries between two reads).
        lastId ??= (await this.reader.xrevrange(this.env.SITE_UPDATES_STREAM, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
        const res = await this.reader.xread('COUNT', 500, 'BLOCK', 5000, 'STREAMS', this.env.SITE_UPDATES_STREAM, lastId);
        for (const [, raw] of res ?? []) {
          for (const entry of toEntries(raw, this.onInvalid)) this.fanOut(entry);
          if (raw.length > 0) lastId = raw[raw.length - 1][0];
        }
      } catch (err) {
        if (this.stopping) break;
        this.logger.warn(`reading the site-updates stream failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private fanOut(entry: SiteUpdateEntry): void {
    for (const s of this.subscribers) s.onEntry(entry);
  }
}
