import { waitFor } from '@emissions/testing';
import type { TestingModule } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import type { PendingOutboxEvent } from '../../src/outbox/outbox-event.repository';
import type { OutboxRelayHooks } from '../../src/outbox/outbox-relay.hooks';
import {
  commitOutboxEvent,
  allPublished,
  newBatchIngestedPayload,
  openQueue,
  relayEnv,
  startRelay,
  useRelayTestContext,
} from '../support/relay.harness';

describe('OutboxRelay', () => {
  const ctx = useRelayTestContext();

  it('publishes the committed rows as one job carrying their payloads in commit order, and marks them published', async () => {
    const env = relayEnv();
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    const payloads = [newBatchIngestedPayload(), newBatchIngestedPayload(), newBatchIngestedPayload()];
    for (const p of payloads) await commitOutboxEvent(ctx.db, p);

    const relay = await startRelay(env);
    ctx.cleanups.push(() => relay.close());
    const rows = await waitFor(allPublished(ctx.db), 'rows published', 10_000);

    expect(rows.map((r) => r.attempts)).toEqual([1, 1, 1]);
    expect(await consumer.jobIds()).toHaveLength(1);
    const job = await consumer.jobOf(payloads[0].event_id);
    expect(job?.name).toBe('outbox.events');
    expect(job?.data).toEqual({ events: payloads });
    expect(job?.opts.attempts).toBe(10);
  });

  it('re-sends the rows of a relay that died after addBulk and before its commit, without a second job', async () => {
    const env = relayEnv();
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    const sent: string[][] = [];
    const hooks: OutboxRelayHooks = {
      async afterPublish(events: PendingOutboxEvent[]) {
        sent.push(events.map((e) => e.id));
        if (sent.length === 1) throw new Error('simulated relay crash before commit');
      },
    };
    const payloads = [newBatchIngestedPayload(), newBatchIngestedPayload()];
    for (const p of payloads) await commitOutboxEvent(ctx.db, p);

    const relay = await startRelay(env, hooks);
    ctx.cleanups.push(() => relay.close());
    const rows = await waitFor(allPublished(ctx.db), 'rows published', 10_000);

    // The same rows were sent twice (the crash rolled the claim back) ...
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(rows.map((r) => r.attempts)).toEqual([2, 2]);
    // ... yet the queue holds one job, with each event once.
    expect(await consumer.jobIds()).toHaveLength(1);
    expect(await consumer.eventIds()).toEqual(payloads.map((p) => p.event_id).sort());
  });

  it('publishes each event once when two relays run side by side', async () => {
    const env = relayEnv({ RELAY_BATCH_SIZE: '3' });
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    const payloads = Array.from({ length: 40 }, () => newBatchIngestedPayload());
    for (const p of payloads) await commitOutboxEvent(ctx.db, p);

    const relays: TestingModule[] = await Promise.all([startRelay(env), startRelay(env)]);
    for (const r of relays) ctx.cleanups.push(() => r.close());
    const rows = await waitFor(allPublished(ctx.db), 'rows published', 20_000);

    // A row claimed by both relays would have been marked twice (attempts 2); SKIP LOCKED prevents it.
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
    expect(await consumer.eventIds()).toEqual(payloads.map((p) => p.event_id).sort());
  });
});
