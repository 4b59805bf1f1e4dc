import { waitFor, ThrowawayRedis } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import type { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertingProcess, startAlertingProcess } from '../support/alerting.process';
import {
  type BatchIngestedPayload,
  commitOutboxEvent,
  connectDb,
  freePort,
  newBatchIngestedPayload,
  newSettingsChangedPayload,
  openQueue,
  outboxRows,
  relayEnv,
  startRelay,
} from '../support/relay.harness';

/** Successive batches of one site: totals grow by `step` from `from`, limit 100. */
function siteBatches(count: number, from: number, step: number, site_id = randomUUID()): BatchIngestedPayload[] {
  return Array.from({ length: count }, (_, i) =>
    newBatchIngestedPayload({ site_id, total_before: String(from + i * step), total_after: String(from + (i + 1) * step) }),
  );
}

/** The limit_exceeded alerts per site, by the event that raised each (near_limit alerts are judged in alerting's own tests). */
async function alertsBySite(db: Client): Promise<Record<string, string[]>> {
  const { rows } = await db.query<{ site_id: string; event_id: string }>(
    "SELECT site_id, event_id FROM alerting.alerts WHERE type = 'limit_exceeded'",
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) out[r.site_id] = [...(out[r.site_id] ?? []), r.event_id];
  return out;
}

async function processedCount(db: Client, events: ReadonlyArray<{ event_id: string }>): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerting.processed_events WHERE event_id = ANY($1)', [
    events.map((e) => e.event_id),
  ]);
  return rows[0].n;
}

describe('outbox → relay → queue → alerting (separate process)', () => {
  let db: Client;
  const cleanups: Array<() => Promise<unknown>> = [];
  beforeEach(async () => {
    db = await connectDb();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await db.end();
  });

  async function startPipeline(redisUrl: string) {
    const env = relayEnv({ REDIS_URL: redisUrl });
    const alerting: AlertingProcess = startAlertingProcess({
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: redisUrl,
      QUEUE_NAME: env.QUEUE_NAME,
      ALERTING_PORT: String(await freePort()),
      METRICS_PORT: '0',
    });
    cleanups.push(() => alerting.stop());
    const relay: TestingModule = await startRelay(env);
    cleanups.push(() => relay.close());
    return { env, alerting };
  }

  it('queues each committed batch once and raises one alert for the batch that crosses the limit', async () => {
    const { env, alerting } = await startPipeline(process.env.REDIS_URL as string);
    const consumer = openQueue(env);
    cleanups.push(() => consumer.close());
    const batches = siteBatches(5, 60, 15); // 60→75→90→105→120→135: the third batch crosses 100
    for (const b of batches) await commitOutboxEvent(db, b);

    await waitFor(async () => (await processedCount(db, batches)) === 5, `alerting to process (${alerting.output()})`, 20_000);
    expect(await consumer.eventIds()).toEqual(batches.map((b) => b.event_id).sort());
    expect(await alertsBySite(db)).toMatchObject({ [batches[0].site_id]: [batches[2].event_id] });
  });

  it('judges limit changes like batches: lowered raises one alert, raised back and lowered again a second', async () => {
    const { alerting } = await startPipeline(process.env.REDIS_URL as string);
    const site_id = randomUUID();
    const events = [
      newBatchIngestedPayload({ site_id, total_before: '0', total_after: '600', emission_limit: '1000', limit_revision: 0 }),
      newSettingsChangedPayload({ site_id, limit_revision: 1 }),
      newSettingsChangedPayload({ site_id, emission_limit_before: '500', emission_limit: '1000', limit_revision: 2 }),
      newSettingsChangedPayload({ site_id, limit_revision: 3 }),
    ];
    for (const e of events) await commitOutboxEvent(db, e);

    await waitFor(async () => (await processedCount(db, events)) === 4, `alerting to process (${alerting.output()})`, 20_000);
    expect((await alertsBySite(db))[site_id]?.sort()).toEqual([events[1].event_id, events[3].event_id].sort());
  });

  it('keeps events pending through a Redis outage and delivers each once when Redis is back', async () => {
    // Not durable: a restart comes back empty, like a Redis that lost its data.
    const redis = await ThrowawayRedis.start({ durable: false });
    cleanups.push(() => redis.dispose());
    const { alerting } = await startPipeline(redis.url);

    const siteA = siteBatches(4, 70, 10); // 70→80→90→100→110: crosses on its 4th batch
    const siteB = siteBatches(3, 10, 10); // stays within its limit
    await commitOutboxEvent(db, siteA[0]);
    await waitFor(async () => (await processedCount(db, [siteA[0]])) === 1, `first event processed (${alerting.output()})`, 20_000);

    await redis.stop('SIGKILL');
    const during = [...siteA.slice(1), ...siteB];
    for (const b of during) await commitOutboxEvent(db, b);
    const stuck = await waitFor(
      async () => {
        const rows = (await outboxRows(db)).filter((r) => during.some((b) => b.event_id === r.id));
        return rows.every((r) => !r.published && r.attempts >= 3) && rows;
      },
      'attempts to grow while Redis is down',
      15_000,
    );
    expect(stuck).toHaveLength(during.length);
    expect(stuck.every((r) => r.last_error)).toBe(true);

    await redis.restart();
    await waitFor(async () => (await outboxRows(db)).every((r) => r.published), 'all rows published after recovery', 20_000);
    const all = [...siteA, ...siteB];
    await waitFor(async () => (await processedCount(db, all)) === all.length, `all events processed (${alerting.output()})`, 20_000);

    const alerts = await alertsBySite(db);
    expect(alerts[siteA[0].site_id]).toEqual([siteA[3].event_id]);
    expect(alerts[siteB[0].site_id]).toBeUndefined();
  });
});
