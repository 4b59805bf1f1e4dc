import { type BatchIngestedV1, OUTBOX_EVENTS_JOB, RedisNames } from '@emissions/contracts';
import { waitFor } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertingHooks } from '../../src/alerts/alerting.hooks';
import { type AlertingHarness, alertsOfSite, newBatchIngestedEvent, startAlerting } from '../support/alerting.harness';

const FAST_RETRY = { attempts: 5, backoff: { type: 'fixed', delay: 100 } } as const;

async function finished(h: AlertingHarness, jobId: string): Promise<Job> {
  await waitFor(async () => ['completed', 'failed'].includes(await h.queue.getJobState(jobId)), `job ${jobId} to finish`, 25_000);
  return (await h.queue.getJob(jobId)) as Job;
}

async function inboxCount(h: AlertingHarness, eventIds: string[]): Promise<number> {
  const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerting.processed_events WHERE event_id = ANY($1)', [
    eventIds,
  ]);
  return rows[0].n;
}

describe('BatchIngestedProcessor with a relay sweep as one job (outbox.events)', () => {
  let h: AlertingHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('records every event of the group once, in order, with one alert for the crossing and a live update each', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const events = [
      newBatchIngestedEvent({ site_id, total_before: '0', total_after: '10', emission_limit: '100' }),
      newBatchIngestedEvent({ site_id, total_before: '10', total_after: '120', emission_limit: '100' }),
      newBatchIngestedEvent({ site_id, total_before: '120', total_after: '130', emission_limit: '100' }),
    ];
    const counterBefore = Number((await h.redis.get(RedisNames.alertsRaisedCounter)) ?? 0);
    // The first event was delivered before, alone: in the group it is a duplicate.
    await h.queue.add('batch.ingested', events[0], { jobId: `single-${events[0].event_id}` });
    await finished(h, `single-${events[0].event_id}`);
    await h.queue.add(OUTBOX_EVENTS_JOB, { events }, { jobId: 'group-1' });
    const job = await finished(h, 'group-1');

    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toEqual({ events: 3, duplicates: 1, alertsRaised: 1 });
    expect(
      await inboxCount(
        h,
        events.map((e) => e.event_id),
      ),
    ).toBe(3);
    expect((await alertsOfSite(h.db, site_id)).map((a) => a.event_id)).toEqual([events[1].event_id]);
    const entries = await h.redis.xrange(h.env.SITE_UPDATES_STREAM, '-', '+');
    const totals = entries
      .filter(([, f]) => f[0] === 'data')
      .map(([, f]) => JSON.parse(f[1]))
      .filter((u) => u.site_id === site_id)
      .map((u) => u.total_emissions_to_date);
    expect(totals).toEqual(['10', '10', '120', '130']);
    // The crossing's alert.changed entry left with the group's updates, counted once.
    const changes = entries.filter(([, f]) => f[0] === 'event').map(([, f]) => JSON.parse(f[3]));
    expect(changes).toEqual([expect.objectContaining({ site_id, action: 'raised', type: 'limit_exceeded' })]);
    expect(Number(await h.redis.get(RedisNames.alertsRaisedCounter))).toBe(counterBefore + 1);
  });

  it('retries the group after a failure in its second event: each event recorded once, one alert', async () => {
    let failures = 0;
    const hooks: AlertingHooks = {
      async beforeCommit() {
        if (failures++ === 0) throw new Error('simulated worker crash before commit');
      },
    };
    h = await startAlerting({ hooks });
    const site_id = randomUUID();
    const events: BatchIngestedV1[] = [
      newBatchIngestedEvent({ site_id, total_before: '0', total_after: '10', emission_limit: '100' }),
      newBatchIngestedEvent({ site_id, total_before: '10', total_after: '120', emission_limit: '100' }),
      newBatchIngestedEvent({ site_id, total_before: '120', total_after: '130', emission_limit: '100' }),
    ];
    await h.queue.add(OUTBOX_EVENTS_JOB, { events }, { jobId: 'group-retried', ...FAST_RETRY });
    const job = await finished(h, 'group-retried');

    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    // The two events that could raise nothing were recorded by the failed attempt's one inbox statement, before the
    // crossing failed: the retry finds them in the inbox, and records the crossing once.
    expect(job.returnvalue).toEqual({ events: 3, duplicates: 2, alertsRaised: 1 });
    expect(
      await inboxCount(
        h,
        events.map((e) => e.event_id),
      ),
    ).toBe(3);
    expect(await alertsOfSite(h.db, site_id)).toHaveLength(1);
  });

  it('records the valid events of a group holding an invalid one, then fails the job for good', async () => {
    h = await startAlerting();
    const good = [newBatchIngestedEvent(), newBatchIngestedEvent()];
    const bad = { ...newBatchIngestedEvent(), total_after: 'a lot' };
    await h.queue.add(OUTBOX_EVENTS_JOB, { events: [good[0], bad, good[1]] }, { jobId: 'group-bad', ...FAST_RETRY });
    const job = await finished(h, 'group-bad');

    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/1 of 3 events of outbox\.events invalid/);
    expect(
      await inboxCount(
        h,
        good.map((e) => e.event_id),
      ),
    ).toBe(2);
    expect(await inboxCount(h, [bad.event_id])).toBe(0);
  });

  it('fails an envelope without events at once', async () => {
    h = await startAlerting();
    await h.queue.add(OUTBOX_EVENTS_JOB, { events: [] }, { jobId: 'group-empty', ...FAST_RETRY });
    const job = await finished(h, 'group-empty');
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/invalid outbox\.events payload/);
  });
});
