import { uniqueName } from '@emissions/testing';
import { Test, type TestingModule } from '@nestjs/testing';
import { OUTBOX_EVENTS_JOB } from '@emissions/contracts';
import { type Job, Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import { AppModule } from '../../src/app.module';
import { loadEnv, type RelayEnv } from '../../src/config/env';
import { OutboxRelayHooks } from '../../src/outbox/outbox-relay.hooks';
import { OutboxWakeupListener } from '../../src/outbox/outbox-wakeup.listener';
import { batchIngestedEvent, freePort, settingsChangedEvent } from '@emissions/testing';
import { afterEach, beforeEach } from 'vitest';

type EnvOverrides = Partial<Record<keyof RelayEnv, string>>;

/** Environment of one relay on a fresh queue; fast polling and backoff unless a test says otherwise. */
export function relayEnv(overrides: EnvOverrides = {}): RelayEnv {
  return loadEnv({
    ...process.env,
    QUEUE_NAME: uniqueName('relay-q'),
    RELAY_POLL_MS: '100',
    RELAY_BACKOFF_MIN_MS: '50',
    RELAY_BACKOFF_MAX_MS: '400',
    METRICS_PORT: '0',
    ...overrides,
  });
}

/** A relay running in-process; `hooks` may replace the crash-injection hook, `logs` captures its log lines. */
export async function startRelay(env: RelayEnv, hooks?: OutboxRelayHooks, logs?: DestinationStream): Promise<TestingModule> {
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(env, logs)] });
  if (hooks) builder = builder.overrideProvider(OutboxRelayHooks).useValue(hooks);
  const relay = await builder.compile();
  await relay.init();
  return relay;
}

export function isListening(relay: TestingModule): boolean {
  return relay.get(OutboxWakeupListener).listening;
}

/** A batch.ingested payload (the shared fixture); `overrides` may carry anything, e.g. fields outside the contract. */
export function newBatchIngestedPayload(overrides: Record<string, unknown> = {}) {
  return { ...batchIngestedEvent(), ...overrides };
}

export type BatchIngestedPayload = ReturnType<typeof newBatchIngestedPayload>;

/** A site.settings_changed payload (the shared fixture). */
export function newSettingsChangedPayload(overrides: Record<string, unknown> = {}) {
  return { ...settingsChangedEvent(), ...overrides };
}

/** Writes an outbox row the way the ingest transaction does: insert, then NOTIFY, in one commit. */
export async function commitOutboxEvent(db: Client, payload: { event_id: string; site_id: string; type: string }): Promise<string> {
  await db.query('BEGIN');
  await db.query(`INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload) VALUES ($1, 'site', $2, $3, $4)`, [
    payload.event_id,
    payload.site_id,
    payload.type,
    JSON.stringify(payload),
  ]);
  await db.query(`SELECT pg_notify('outbox_events', '')`);
  await db.query('COMMIT');
  return payload.event_id;
}

export type OutboxRowState = { id: string; published: boolean; attempts: number; last_error: string | null };

export async function outboxRows(db: Client): Promise<OutboxRowState[]> {
  const { rows } = await db.query<OutboxRowState>(
    'SELECT id, published_at IS NOT NULL AS published, attempts, last_error FROM outbox_events ORDER BY seq',
  );
  return rows;
}

export async function connectDb(): Promise<Client> {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query('TRUNCATE outbox_events');
  return db;
}

type QueuedEvent = { event_id: string; request_id?: string };

/** The events a job carries: a relay sweep's group (`outbox.events`), or one event. */
export function eventsOf(job: Job): QueuedEvent[] {
  const data = job.data as { events?: QueuedEvent[] } & QueuedEvent;
  return job.name === OUTBOX_EVENTS_JOB ? (data.events ?? []) : [data];
}

/** A consumer-side view of the queue, to count the jobs the relay produced. */
export function openQueue(env: RelayEnv, redisUrl = env.REDIS_URL) {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  const queue = new Queue(env.QUEUE_NAME, { connection: redis });
  const allJobs = () => queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
  return {
    queue,
    async jobIds(): Promise<string[]> {
      return (await allJobs()).map((j) => j.id as string).sort();
    },
    /** The event ids of every job, sorted: an event queued twice appears twice. */
    async eventIds(): Promise<string[]> {
      return (await allJobs()).flatMap((j) => eventsOf(j).map((e) => e.event_id)).sort();
    },
    /** The job that carries `eventId`. */
    async jobOf(eventId: string): Promise<Job | undefined> {
      return (await allJobs()).find((j) => eventsOf(j).some((e) => e.event_id === eventId));
    },
    async close() {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      redis.disconnect();
    },
  };
}

export { freePort };

/** For waitFor: the rows once every outbox row is published, else false. */
export const allPublished = (db: Client) => async () => {
  const rows = await outboxRows(db);
  return rows.length > 0 && rows.every((r) => r.published) && rows;
};

export type RelayTestContext = { db: Client; cleanups: Array<() => Promise<unknown>> };

/** Registers hooks of the calling suite: a database client per test, and the test's cleanups run newest first. */
export function useRelayTestContext(): RelayTestContext {
  const ctx = { cleanups: [] } as unknown as RelayTestContext;
  beforeEach(async () => {
    ctx.db = await connectDb();
  });
  afterEach(async () => {
    for (const cleanup of ctx.cleanups.splice(0).reverse()) await cleanup();
    await ctx.db.end();
  });
  return ctx;
}
