import { ThrowawayRedis } from '@emissions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, useFaultStack } from './support/fault-stack';
import { describeLoad, runLoad } from './support/load';
import { createSites } from './support/sites';
import { pipelineState } from './support/stored-state';
import { expectVerdict } from './support/verdict';

describe('fault: Redis is stopped for 10 s mid-load', () => {
  let redis: ThrowawayRedis | undefined;
  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  // A short relay backoff ceiling (default 30 s) keeps the wait after Redis returns short; the guarantee is the same.
  const stack = useFaultStack('faults_redis_outage', () => ({ REDIS_URL: redis?.url ?? '', RELAY_BACKOFF_MAX_MS: '2000' }));

  it('keeps answering 201 while Redis is down and delivers every event and alert once it is back', async () => {
    const { baseUrl, adminKey, db } = stack();
    const siteIds = await createSites({ baseUrl, adminKey });
    const backlog: number[] = [];

    const report = await runLoad({ baseUrl, adminKey, siteIds, clients: 6, durationMs: 15_000 }, async () => {
      await sleep(2500);
      await redis?.stop();
      await sleep(2000);
      backlog.push((await pipelineState(db)).unpublished);
      await sleep(8000);
      backlog.push((await pipelineState(db)).unpublished);
      await redis?.restart();
    });
    console.info(`[faults] redis outage, outbox backlog ${backlog.join(' → ')}: ${describeLoad(report)}`);

    const serverErrors = Object.keys(report.outcomes).filter((outcome) => !/^[1-4]\d\d/.test(outcome));
    expect(serverErrors, 'ingest answers other than 1xx-4xx while Redis was down').toEqual([]);
    expect(report.unexpected, 'answers other than 201').toEqual([]);
    expect(report.unacknowledged, 'batches never acknowledged').toBe(0);
    expect(backlog[0], 'the outbox holds events while Redis is down').toBeGreaterThan(0);
    expect(backlog[1], 'and keeps growing').toBeGreaterThan(backlog[0]);

    const figures = await expectVerdict(db, report.acknowledged);
    expect(figures.alerts, 'alerts arrived after Redis returned').toBeGreaterThan(0);
  });
});
