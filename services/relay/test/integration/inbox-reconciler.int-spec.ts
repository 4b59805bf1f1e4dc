import { waitFor, ThrowawayRedis } from '@emissions/testing';
import type { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { InboxReconciler } from '../../src/reconciler/inbox-reconciler';
import {
  allPublished,
  type BatchIngestedPayload,
  commitOutboxEvent,
  newBatchIngestedPayload,
  openQueue,
  outboxRows,
  relayEnv,
  startRelay,
  useRelayTestContext,
} from '../support/relay.harness';

/** An outbox row the relay published `agoS` seconds ago. */
async function publishedEvent(db: Client, payload: BatchIngestedPayload, agoS: number, eventType = 'batch.ingested'): Promise<string> {
  await db.query(
    `INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload, published_at, attempts)
     VALUES ($1, 'site', $2, $3, $4, now() - make_interval(secs => $5), 1)`,
    [payload.event_id, payload.site_id, eventType, JSON.stringify(payload), agoS],
  );
  return payload.event_id;
}

/** The alerting inbox row that says the event was processed. */
async function processed(db: Client, payload: BatchIngestedPayload): Promise<void> {
  await db.query('INSERT INTO alerting.processed_events (site_id, event_id) VALUES ($1, $2)', [payload.site_id, payload.event_id]);
}

describe('InboxReconciler', () => {
  const ctx = useRelayTestContext();

  it('sends again only the events published longer than the grace ago that the alerting inbox never recorded', async () => {
    const [lost, done, recent, otherType] = [
      newBatchIngestedPayload(),
      newBatchIngestedPayload(),
      newBatchIngestedPayload(),
      newBatchIngestedPayload(),
    ];
    await publishedEvent(ctx.db, lost, 120);
    await publishedEvent(ctx.db, done, 120);
    await processed(ctx.db, done);
    await publishedEvent(ctx.db, recent, 5);
    // Not an event the inbox records: never requeued, whatever its age.
    await publishedEvent(ctx.db, otherType, 120, 'site.created');

    const env = relayEnv({ RECONCILE_INTERVAL_MS: '0', RECONCILE_GRACE_S: '60' });
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    const relay = await startRelay(env);
    ctx.cleanups.push(() => relay.close());
    const reconciler = relay.get(InboxReconciler);

    expect(await reconciler.reconcile()).toEqual([lost.event_id]);
    // The relay's own loop publishes it again.
    await waitFor(allPublished(ctx.db), 'the requeued row published again', 10_000);
    expect(await consumer.eventIds()).toEqual([lost.event_id]);
    const rows = await outboxRows(ctx.db);
    expect(rows.find((r) => r.id === lost.event_id)?.attempts).toBe(2);
    expect(rows.filter((r) => r.id !== lost.event_id).map((r) => r.attempts)).toEqual([1, 1, 1]);

    // Looked at once per publication: the next round starts after the rows it has seen.
    expect(await reconciler.reconcile()).toEqual([]);
  });

  it('delivers again the events a Redis lost when it restarted without its data', async () => {
    // Not durable: a restart comes back empty, like a Redis that lost its data.
    const redis = await ThrowawayRedis.start({ durable: false });
    ctx.cleanups.push(() => redis.dispose());
    // Grace: 1 s, raised to the publish timeout + 1 s = 2 s.
    const env = relayEnv({ REDIS_URL: redis.url, RECONCILE_INTERVAL_MS: '250', RECONCILE_GRACE_S: '1', RELAY_PUBLISH_TIMEOUT_MS: '1000' });
    const relay = await startRelay(env);
    ctx.cleanups.push(() => relay.close());
    const payloads = [newBatchIngestedPayload(), newBatchIngestedPayload(), newBatchIngestedPayload()];
    for (const p of payloads) await commitOutboxEvent(ctx.db, p);
    await waitFor(allPublished(ctx.db), 'rows published', 10_000);

    // No consumer ran: the jobs existed only in Redis, which comes back empty.
    await redis.stop('SIGKILL');
    await redis.restart();
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    expect(await consumer.jobIds()).toEqual([]);

    const expected = payloads.map((p) => p.event_id).sort();
    await waitFor(
      async () => JSON.stringify(await consumer.eventIds()) === JSON.stringify(expected),
      'the lost jobs back in the queue',
      20_000,
    );
    const rows = await waitFor(allPublished(ctx.db), 'rows published again', 10_000);
    expect(rows.every((r) => r.attempts >= 2)).toBe(true);
  });
});
