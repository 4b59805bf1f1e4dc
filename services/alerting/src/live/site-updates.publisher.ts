import { RedisNames } from '@emissions/contracts';
import { type AlertChangedEvent, formatMass, type SiteUpdatedEvent } from '@emissions/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { ALERTING_ENV, type AlertingEnv } from '../config/env';

/** Cluster-wide counter the gateway reads at scrape time. */

/** Stream entries carry `event` when they are not a `site.updated` (the gateway names the SSE event after it). */
export const ALERT_CHANGED_EVENT = 'alert.changed';

/**
 * Publishes live site updates to a Redis Stream that every gateway replica reads (XREAD), so any replica
 * can serve any subscriber and a reconnecting client can resume from its last entry id.
 */
@Injectable()
export class SiteUpdatesPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(SiteUpdatesPublisher.name);
  private readonly redis: IORedis;

  constructor(@Inject(ALERTING_ENV) private readonly env: AlertingEnv) {
    this.redis = new IORedis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
    this.redis.on('error', (err) => this.logger.debug(`redis: ${err.message}`));
  }

  /**
   * Appends the update and the alerts this delivery raised, and counts them; all in one MULTI so they
   * happen together (a lone update is one XADD). Throws on failure so the job is retried (the update is then sent again).
   */
  async publish(update: SiteUpdatedEvent, raised: readonly AlertChangedEvent[]): Promise<string> {
    const data = this.dataOf(update);
    // The usual delivery raised nothing: one XADD is atomic by itself, no MULTI/EXEC around it.
    if (raised.length === 0) {
      const id = await this.redis.xadd(this.env.SITE_UPDATES_STREAM, 'MAXLEN', '~', this.env.SITE_UPDATES_MAXLEN, '*', 'data', data);
      if (id === null) throw new Error('site update was not appended');
      return id;
    }
    const tx = this.redis
      .multi()
      .xadd(this.env.SITE_UPDATES_STREAM, 'MAXLEN', '~', this.env.SITE_UPDATES_MAXLEN, '*', 'data', data)
      .incrby(RedisNames.alertsRaisedCounter, raised.length);
    for (const change of raised) this.appendAlertChange(tx, change);
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('site update transaction was discarded');
    return String(results[0][1]);
  }

  /**
   * The updates of a relay sweep's events, in their order, in one round trip: a pipeline of XADDs when none
   * raised an alert, else one MULTI with every update, the alerts and their count. Throws like `publish`.
   */
  async publishAll(entries: ReadonlyArray<{ update: SiteUpdatedEvent; raised: readonly AlertChangedEvent[] }>): Promise<void> {
    if (entries.length === 0) return;
    const raisedCount = entries.reduce((n, e) => n + e.raised.length, 0);
    const tx = raisedCount > 0 ? this.redis.multi() : this.redis.pipeline();
    for (const { update, raised } of entries) {
      tx.xadd(this.env.SITE_UPDATES_STREAM, 'MAXLEN', '~', this.env.SITE_UPDATES_MAXLEN, '*', 'data', this.dataOf(update));
      for (const change of raised) this.appendAlertChange(tx, change);
    }
    if (raisedCount > 0) tx.incrby(RedisNames.alertsRaisedCounter, raisedCount);
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('site updates were discarded');
  }

  /** An alert was acknowledged or resolved: dashboards showing it refresh. Best effort (the move is committed). */
  async publishAlertChange(change: AlertChangedEvent): Promise<void> {
    await this.appendAlertChange(this.redis.multi(), change)
      .exec()
      .catch((err: Error) => this.logger.warn(`publishing ${ALERT_CHANGED_EVENT} failed: ${err.message}`));
  }

  private dataOf(update: SiteUpdatedEvent): string {
    return JSON.stringify({ ...update, total_emissions_to_date: formatMass(update.total_emissions_to_date) });
  }

  private appendAlertChange<T extends ReturnType<IORedis['multi']>>(tx: T, change: AlertChangedEvent): T {
    tx.xadd(
      this.env.SITE_UPDATES_STREAM,
      'MAXLEN',
      '~',
      this.env.SITE_UPDATES_MAXLEN,
      '*',
      'event',
      ALERT_CHANGED_EVENT,
      'data',
      JSON.stringify(change),
    );
    return tx;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
