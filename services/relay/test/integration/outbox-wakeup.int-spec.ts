import type { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/outbox/batch-ingested.publisher';
import {
  commitOutboxEvent,
  connectDb,
  isListening,
  newBatchIngestedPayload,
  openQueue,
  outboxRows,
  relayEnv,
  startRelay,
  waitFor,
} from '../support/relay.harness';

const allPublished = (db: Client) => async () => {
  const rows = await outboxRows(db);
  return rows.length > 0 && rows.every((r) => r.published) && rows;
};

describe('OutboxWakeupListener', () => {
  let db: Client;
  const cleanups: Array<() => Promise<unknown>> = [];
  beforeEach(async () => {
    db = await connectDb();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await db.end();
  });

  it('wakes on NOTIFY long before its poll interval', async () => {
    const env = relayEnv({ RELAY_POLL_MS: '60000' });
    const consumer = openQueue(env);
    cleanups.push(() => consumer.close());
    const relay = await startRelay(env);
    cleanups.push(() => relay.close());
    // Let the start-up round (and the one after LISTEN succeeds) run, so only a NOTIFY can wake it now.
    await waitFor(async () => isListening(relay), 5000, 'LISTEN established');
    await new Promise((r) => setTimeout(r, 500));

    const started = Date.now();
    const payload = newBatchIngestedPayload();
    await commitOutboxEvent(db, payload);
    await waitFor(allPublished(db), 5000, 'row published after NOTIFY');

    expect(Date.now() - started).toBeLessThan(3000);
    expect(await consumer.jobIds()).toEqual([jobIdFor(payload.event_id)]);
  });

  it('re-establishes LISTEN after losing its connection, so NOTIFY still wakes it', async () => {
    const env = relayEnv({ RELAY_POLL_MS: '60000' });
    const consumer = openQueue(env);
    cleanups.push(() => consumer.close());
    const relay = await startRelay(env);
    cleanups.push(() => relay.close());
    await waitFor(async () => isListening(relay), 5000, 'LISTEN established');

    const killed = await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay-listener' AND datname = current_database()`,
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    await waitFor(async () => !isListening(relay), 5000, 'loss noticed');
    await waitFor(async () => isListening(relay), 10_000, 'LISTEN re-established');
    await new Promise((r) => setTimeout(r, 500));

    const payload = newBatchIngestedPayload();
    await commitOutboxEvent(db, payload);
    await waitFor(allPublished(db), 5000, 'row published after NOTIFY on the new connection');
    expect(await consumer.jobIds()).toEqual([jobIdFor(payload.event_id)]);
  });
});
