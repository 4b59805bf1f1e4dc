import { waitFor } from '@emissions/testing';
import { describe, expect, it } from 'vitest';
import type { OutboxRelayHooks } from '../../src/outbox/outbox-relay.hooks';
import {
  commitOutboxEvent,
  allPublished,
  freePort,
  isListening,
  newBatchIngestedPayload,
  openQueue,
  outboxRows,
  relayEnv,
  startRelay,
  useRelayTestContext,
} from '../support/relay.harness';

describe('OutboxRelay lifecycle', () => {
  const ctx = useRelayTestContext();

  it('prunes published rows older than the retention and keeps everything else', async () => {
    const env = relayEnv({ OUTBOX_RETENTION_HOURS: '72' });
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    const [old, recent] = [newBatchIngestedPayload(), newBatchIngestedPayload()];
    await commitOutboxEvent(ctx.db, old);
    await commitOutboxEvent(ctx.db, recent);
    await ctx.db.query(`UPDATE outbox_events SET published_at = now() - interval '73 hours' WHERE id = $1`, [old.event_id]);
    await ctx.db.query(`UPDATE outbox_events SET published_at = now() - interval '71 hours' WHERE id = $1`, [recent.event_id]);
    const pending = newBatchIngestedPayload();
    await commitOutboxEvent(ctx.db, pending);
    await ctx.db.query(`UPDATE outbox_events SET created_at = now() - interval '100 hours' WHERE id = $1`, [pending.event_id]);

    const relay = await startRelay(env);
    ctx.cleanups.push(() => relay.close());
    const rows = await waitFor(
      async () => {
        const r = await outboxRows(ctx.db);
        return r.length === 2 && r.every((x) => x.published) && r;
      },
      'old row pruned and pending row published',
      10_000,
    );

    expect(rows.map((r) => r.id).sort()).toEqual([recent.event_id, pending.event_id].sort());
  });

  it('reports commit-to-enqueue latency and published events on its metrics endpoint', async () => {
    const port = await freePort();
    const env = relayEnv({ METRICS_PORT: String(port) });
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    for (let i = 0; i < 2; i++) await commitOutboxEvent(ctx.db, newBatchIngestedPayload());
    await ctx.db.query(`UPDATE outbox_events SET created_at = now() - interval '2 seconds'`);

    const relay = await startRelay(env);
    ctx.cleanups.push(() => relay.close());
    await waitFor(allPublished(ctx.db), 'rows published', 10_000);

    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(/^outbox_commit_to_enqueue_seconds_count 2$/m);
    expect(text).toMatch(/^outbox_commit_to_enqueue_seconds_bucket\{le="1"\} 0$/m);
    expect(text).toMatch(/^relay_published_total 2$/m);
  });

  it('finishes the batch in flight when shut down, committing what it enqueued', async () => {
    const env = relayEnv();
    const consumer = openQueue(env);
    ctx.cleanups.push(() => consumer.close());
    let entered: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const hooks: OutboxRelayHooks = {
      async afterPublish() {
        entered();
        await new Promise((r) => setTimeout(r, 500));
      },
    };
    const payloads = [newBatchIngestedPayload(), newBatchIngestedPayload()];
    for (const p of payloads) await commitOutboxEvent(ctx.db, p);

    const relay = await startRelay(env, hooks);
    await inFlight;
    await relay.close();

    const rows = await outboxRows(ctx.db);
    expect(rows.map((r) => [r.published, r.attempts])).toEqual([
      [true, 1],
      [true, 1],
    ]);
    expect(await consumer.eventIds()).toEqual(payloads.map((p) => p.event_id).sort());
  });

  it('keeps running while PostgreSQL is unreachable, and shuts down cleanly', async () => {
    const relay = await startRelay(relayEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' }));
    await new Promise((r) => setTimeout(r, 1000));
    expect(isListening(relay)).toBe(false);
    await relay.close();
  });
});
