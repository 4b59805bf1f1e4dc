import { createHash } from 'node:crypto';
import { MAX_EVENTS_PER_JOB, OUTBOX_EVENTS_JOB, RedisNames } from '@emissions/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type JobsOptions, Queue } from 'bullmq';
import IORedis from 'ioredis';
import { RELAY_ENV, type RelayEnv } from '../config/env';
import type { PendingOutboxEvent } from './outbox-event.repository';

/** Cluster-wide counter the gateway reads at scrape time (several relays may run). */

const SEVEN_DAYS_S = 7 * 24 * 3600;

/**
 * Completed jobs are kept for a week so that a re-sent claim (relay crash between publish and commit) is
 * recognised by BullMQ and not enqueued twice; the consumer's inbox covers anything else.
 */
export const BATCH_INGESTED_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: SEVEN_DAYS_S, count: 100_000 },
  removeOnFail: false,
};

/**
 * The job id of a group of outbox events, from their ids in order: a relay that re-sends the same claim (it died
 * between publishing and marking) adds no second job; a group of other events is another job, and its events
 * that alerting already processed are duplicates for alerting's inbox.
 */
export function outboxEventsJobId(eventIds: readonly string[]): string {
  return `outbox-events-${createHash('sha256').update(eventIds.join(',')).digest('hex').slice(0, 40)}`;
}

/**
 * A job per event that carries rate readings (its alerting work is a unit of work of its own, under the site's
 * derivation lock, and a group would run those one after another on one worker); the rest grouped in order.
 */
export function jobGroupsOf<E extends { payload: unknown }>(events: readonly E[]): E[][] {
  const alone: E[][] = [];
  const grouped: E[] = [];
  for (const event of events) {
    if (carriesRateReadings(event.payload)) alone.push([event]);
    else grouped.push(event);
  }
  const groups: E[][] = [];
  for (let i = 0; i < grouped.length; i += MAX_EVENTS_PER_JOB) groups.push(grouped.slice(i, i + MAX_EVENTS_PER_JOB));
  return [...groups, ...alone];
}

function carriesRateReadings(payload: unknown): boolean {
  const rates = (payload as { rate_readings?: unknown } | null)?.rate_readings;
  return Array.isArray(rates) && rates.length > 0;
}

export class RedisUnavailableError extends Error {
  readonly code = 'redis_unavailable';
}

/** Producer side of the BullMQ queue. Fails fast when Redis is down instead of buffering commands. */
@Injectable()
export class BatchIngestedPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(BatchIngestedPublisher.name);
  private readonly redis: IORedis;
  private readonly queue: Queue;
  private everReady = false;

  constructor(@Inject(RELAY_ENV) private readonly env: RelayEnv) {
    // enableOfflineQueue=false: a command during an outage rejects at once, so the claim transaction is
    // short and the rows stay pending; maxRetriesPerRequest=1 stops an in-flight command from waiting forever.
    this.redis = new IORedis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', (err) => this.logger.debug(`redis: ${err.message}`));
    this.redis.once('ready', () => {
      this.everReady = true;
    });
    this.queue = new Queue(env.QUEUE_NAME, { connection: this.redis });
    this.queue.on('error', (err) => this.logger.debug(`queue: ${err.message}`));
  }

  /**
   * The claim's events as jobs (ADR-32): events with rate readings one job each, so alerting derives their emission
   * events concurrently on its workers; the others in commit order, up to MAX_EVENTS_PER_JOB per job. The split
   * depends only on the claim, so a re-sent claim gives the same job ids.
   */
  async publish(events: PendingOutboxEvent[]): Promise<void> {
    await this.ensureReady();
    const jobs = jobGroupsOf(events).map((group) => ({
      name: OUTBOX_EVENTS_JOB,
      data: { events: group.map((e) => e.payload) },
      opts: { ...BATCH_INGESTED_JOB_OPTIONS, jobId: outboxEventsJobId(group.map((e) => e.id)) },
    }));
    await withTimeout(this.queue.addBulk(jobs), this.env.RELAY_PUBLISH_TIMEOUT_MS);
  }

  /**
   * BullMQ waits without limit for the connection to become ready, so check first: during an outage we
   * fail at once. Only the very first connection (at start-up) is given the publish timeout to come up.
   */
  private async ensureReady(): Promise<void> {
    if (this.redis.status === 'ready') return;
    if (this.everReady || this.redis.status === 'end') throw new RedisUnavailableError(`redis is ${this.redis.status}`);
    await withTimeout(new Promise<void>((resolve) => this.redis.once('ready', () => resolve())), this.env.RELAY_PUBLISH_TIMEOUT_MS);
  }

  /** Called after the commit; a lost increment only skews a metric, never the data. */
  async countPublished(n: number): Promise<void> {
    try {
      await this.redis.incrby(RedisNames.outboxPublishedCounter, n);
    } catch (err) {
      this.logger.warn(`could not count published events: ${(err as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    this.redis.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailableError(`redis did not answer within ${ms} ms`)), ms);
  });
  // A late success is harmless: the rows stay pending, and alerting's inbox drops their second delivery.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
