import { waitFor } from '@emissions/testing';
import { describe, expect, it } from 'vitest';
import {
  commitOutboxEvent,
  allPublished,
  isListening,
  newBatchIngestedPayload,
  openQueue,
  relayEnv,
  startRelay,
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
    await waitFor(async () => isListening(relay), 'LISTEN established', 5000);
    await new Promise((r) => setTimeout(r, 500));

    const started = Date.now();
    const payload = newBatchIngestedPayload();
    await commitOutboxEvent(ctx.db, payload);
    await waitFor(allPublished(ctx.db), 'row published after NOTIFY', 5000);

    expect(Date.now() - started).toBeLessThan(3000);
    expect(await consumer.eventIds()).toEqual([payload.event_id]);
  });

  it('re-establishes LISTEN after losing its connection, so NOTIFY still wakes it', async () => {
    const env = relayEnv({ RELAY_POLL_MS: '60000' });
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    const relay = await startRelay(env);
    ctx.cleanups.push(() => relay.close());
    await waitFor(async () => isListening(relay), 'LISTEN established', 5000);

    const killed = await ctx.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay-listener' AND datname = current_database()`,
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    await waitFor(async () => !isListening(relay), 'loss noticed', 5000);
    await waitFor(async () => isListening(relay), 'LISTEN re-established', 10_000);
    await new Promise((r) => setTimeout(r, 500));

    const payload = newBatchIngestedPayload();
    await commitOutboxEvent(ctx.db, payload);
    await waitFor(allPublished(ctx.db), 'row published after NOTIFY on the new connection', 5000);
    expect(await consumer.eventIds()).toEqual([payload.event_id]);
  });

  /** A relay that only NOTIFY wakes (its start-up rounds done), gathering 400 ms of commits per sweep; its queue. */
  async function gatheringRelay() {
    const env = relayEnv({ RELAY_POLL_MS: '60000', RELAY_GATHER_MS: '400' });
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    const relay = await startRelay(env);
    ctx.cleanups.push(() => relay.close());
    await waitFor(async () => isListening(relay), 'LISTEN established', 5000);
    await new Promise((r) => setTimeout(r, 1000));
    return consumer;
  }

  it('lets the commits of its gather window go out in one sweep', async () => {
    const consumer = await gatheringRelay();

    // The first commit wakes the relay; the next two arrive while it gathers.
    const first = newBatchIngestedPayload();
    await commitOutboxEvent(ctx.db, first);
    await new Promise((r) => setTimeout(r, 100));
    for (const payload of [newBatchIngestedPayload(), newBatchIngestedPayload()]) await commitOutboxEvent(ctx.db, payload);
    await waitFor(allPublished(ctx.db), 'rows published', 5000);

    // One sweep marks its rows in one transaction: one published_at (transaction time) for all three.
    const { rows } = await ctx.db.query<{ sweeps: number; n: number }>(
      'SELECT count(DISTINCT published_at)::int AS sweeps, count(*)::int AS n FROM outbox_events',
    );
    expect(rows[0]).toEqual({ sweeps: 1, n: 3 });
    // ... and as one job.
    expect(await consumer.jobIds()).toHaveLength(1);
    expect(await consumer.eventIds()).toHaveLength(3);
  });

  it('sends an event with rate readings as a job of its own, beside the sweep’s group', async () => {
    const consumer = await gatheringRelay();

    const rate = { sensor_id: 's1', measured_at: '2026-06-01T00:00:00.000Z', duration_s: 90, rate_kg_h: '150', mass_kg: '3.75' };
    const [first, withRates, last] = [
      newBatchIngestedPayload(),
      newBatchIngestedPayload({ rate_readings: [rate] }),
      newBatchIngestedPayload(),
    ];
    await commitOutboxEvent(ctx.db, first);
    await new Promise((r) => setTimeout(r, 100));
    for (const payload of [withRates, last]) await commitOutboxEvent(ctx.db, payload);
    await waitFor(allPublished(ctx.db), 'rows published', 5000);

    const { rows } = await ctx.db.query<{ sweeps: number }>('SELECT count(DISTINCT published_at)::int AS sweeps FROM outbox_events');
    expect(rows[0].sweeps).toBe(1);
    const groups = await Promise.all([first, withRates, last].map(async (p) => (await consumer.jobOf(p.event_id))?.id));
    expect(groups[0]).toBe(groups[2]);
    expect(groups[1]).not.toBe(groups[0]);
    expect(await consumer.jobIds()).toHaveLength(2);
  });
});
