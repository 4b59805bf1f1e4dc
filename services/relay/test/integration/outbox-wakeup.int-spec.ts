import { outboxJobId } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import {
  commitOutboxEvent,
  allPublished,
  isListening,
  newBatchIngestedPayload,
  openQueue,
  relayEnv,
  startRelay,
  waitFor,
  useRelayTestContext,
} from '../support/relay.harness';

describe('OutboxWakeupListener', () => {
  const ctx = useRelayTestContext();

  it('wakes on NOTIFY long before its poll interval', async () => {
    const env = relayEnv({ RELAY_POLL_MS: '60000' });
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    const relay = await startRelay(env);
    ctx.cleanups.push(() => relay.close());
    // Let the start-up round (and the one after LISTEN succeeds) run, so only a NOTIFY can wake it now.
    await waitFor(async () => isListening(relay), 5000, 'LISTEN established');
    await new Promise((r) => setTimeout(r, 500));

    const started = Date.now();
    const payload = newBatchIngestedPayload();
    await commitOutboxEvent(ctx.db, payload);
    await waitFor(allPublished(ctx.db), 5000, 'row published after NOTIFY');

    expect(Date.now() - started).toBeLessThan(3000);
    expect(await consumer.jobIds()).toEqual([outboxJobId(payload.event_id)]);
  });

  it('re-establishes LISTEN after losing its connection, so NOTIFY still wakes it', async () => {
    const env = relayEnv({ RELAY_POLL_MS: '60000' });
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    const relay = await startRelay(env);
    ctx.cleanups.push(() => relay.close());
    await waitFor(async () => isListening(relay), 5000, 'LISTEN established');

    const killed = await ctx.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay-listener' AND datname = current_database()`,
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    await waitFor(async () => !isListening(relay), 5000, 'loss noticed');
    await waitFor(async () => isListening(relay), 10_000, 'LISTEN re-established');
    await new Promise((r) => setTimeout(r, 500));

    const payload = newBatchIngestedPayload();
    await commitOutboxEvent(ctx.db, payload);
    await waitFor(allPublished(ctx.db), 5000, 'row published after NOTIFY on the new connection');
    expect(await consumer.jobIds()).toEqual([outboxJobId(payload.event_id)]);
  });
});
