import { ThrowawayRedis } from '@emissions/testing';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, useFaultStack } from './support/fault-stack';
import { describeLoad, runLoad } from './support/load';
import { createSites } from './support/sites';
import { inboxMismatches } from './support/stored-state';
import { expectVerdict } from './support/verdict';

/** Events the relay has handed to Redis that alerting has not recorded: what a Redis losing its data loses. */
async function publishedNotProcessed(db: Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`
    SELECT count(*)::int AS n FROM outbox_events o
     WHERE o.published_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM alerting.processed_events p WHERE p.site_id = o.aggregate_id AND p.event_id = o.id::text)`);
  return rows[0].n;
}

/** A counter's value in Prometheus text, 0 when absent. */
function counter(metrics: string, name: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('fault: Redis loses its data mid-load (stopped, flushed, started again)', () => {
  let redis: ThrowawayRedis | undefined;
  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  // Short grace (raised by the relay to its publish timeout + 1 s = 2 s) and backoff keep the run short.
  const stack = useFaultStack('faults_redis_data_loss', () => ({
    REDIS_URL: redis?.url ?? '',
    RELAY_BACKOFF_MAX_MS: '2000',
    RELAY_PUBLISH_TIMEOUT_MS: '1000',
    RECONCILE_GRACE_S: '1',
    RECONCILE_INTERVAL_MS: '500',
  }));

  it('ends with every crossing alerted exactly once and every event processed once', async () => {
    const { baseUrl, adminKey, db, signal } = stack();
    const siteIds = await createSites({ baseUrl, adminKey });
    let lost = 0;

    const report = await runLoad({ baseUrl, adminKey, siteIds, clients: 6, durationMs: 12_000 }, async () => {
      await sleep(2000);
      // Alerting paused: published events pile up in Redis unprocessed, as in any backlog.
      signal('alerting', 'SIGSTOP');
      await sleep(2500);
      await redis?.stop();
      lost = await publishedNotProcessed(db);
      redis?.wipe();
      await redis?.restart();
      signal('alerting', 'SIGCONT');
    });
    console.info(`[faults] redis data loss, ${lost} published events unprocessed when Redis lost its data: ${describeLoad(report)}`);

    expect(lost, 'the flush dropped events that were published but not processed').toBeGreaterThan(0);
    expect(report.unexpected, 'answers other than 201 or a 503 problem with Retry-After').toEqual([]);
    expect(report.unacknowledged, 'batches never acknowledged').toBe(0);
    const figures = await expectVerdict(db, report.acknowledged);
    expect(figures.alerts, 'crossings happened during the load').toBeGreaterThan(0);
    expect(await inboxMismatches(db), 'outbox events without exactly one inbox row').toEqual({ unprocessed: 0, unknown: 0 });

    const relayMetrics = await fetch(stack().metricsUrl('relay')).then((r) => r.text());
    expect(counter(relayMetrics, 'relay_reconciler_requeued_total'), 'events the reconciler sent again').toBeGreaterThanOrEqual(lost);
  });
});
