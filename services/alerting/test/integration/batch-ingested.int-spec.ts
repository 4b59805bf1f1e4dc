import { waitFor } from '@emissions/testing';
import { RedisNames } from '@emissions/contracts';
import { randomUUID } from 'node:crypto';
import type { BatchIngestedV1 } from '@emissions/contracts';
import type { Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertingHooks } from '../../src/alerts/alerting.hooks';
import { type AlertingHarness, alertsOfSite, freePort, newBatchIngestedEvent, startAlerting } from '../support/alerting.harness';

const FAST_RETRY = { attempts: 5, backoff: { type: 'fixed', delay: 100 } } as const;

async function finished(h: AlertingHarness, jobIds: string[]): Promise<Job[]> {
  await waitFor(
    async () => {
      const states = await Promise.all(jobIds.map((id) => h.queue.getJobState(id)));
      return states.every((s) => s === 'completed' || s === 'failed');
    },
    `jobs ${jobIds.join(', ')} to finish`,
    25_000,
  );
  // Read the jobs only once they are finished, so attemptsMade and returnvalue are final.
  return (await Promise.all(jobIds.map((id) => h.queue.getJob(id)))) as Job[];
}

describe('BatchIngestedProcessor', () => {
  let h: AlertingHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('raises one alert for the batch that crosses the limit and none for the batches after it', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const counterBefore = Number((await h.redis.get(RedisNames.alertsRaisedCounter)) ?? 0);
    const events = [
      newBatchIngestedEvent({ site_id, total_before: '0', total_after: '100' }),
      newBatchIngestedEvent({ site_id, total_before: '100', total_after: '100.5' }),
      newBatchIngestedEvent({ site_id, total_before: '100.5', total_after: '250' }),
      newBatchIngestedEvent({ site_id, total_before: '250', total_after: '251' }),
    ];
    for (const [i, e] of events.entries()) await h.queue.add('batch.ingested', e, { jobId: `outbox-${i}-${e.event_id}` });
    await finished(
      h,
      events.map((e, i) => `outbox-${i}-${e.event_id}`),
    );

    // The first batch reaches the limit exactly: within it, but in the near-limit band (80 % by default).
    const alerts = (await alertsOfSite(h.db, site_id)).sort((a, b) => a.total_at_trigger.localeCompare(b.total_at_trigger));
    expect(alerts).toEqual([
      { event_id: events[0].event_id, total_at_trigger: '100.000000', emission_limit: '100.000000' },
      { event_id: events[1].event_id, total_at_trigger: '100.500000', emission_limit: '100.000000' },
    ]);
    const { rows } = await h.db.query('SELECT type FROM alerting.alerts WHERE site_id = $1 ORDER BY total_at_trigger', [site_id]);
    expect(rows.map((r) => r.type)).toEqual(['near_limit', 'limit_exceeded']);
    expect(Number(await h.redis.get(RedisNames.alertsRaisedCounter))).toBe(counterBefore + 2);
  });

  it('publishes a site.updated entry per event to the live stream', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const events = [
      newBatchIngestedEvent({ site_id, total_before: '0', total_after: '100.50' }),
      newBatchIngestedEvent({ site_id, total_before: '100.50', total_after: '100.500001', emission_limit: '100.5' }),
    ];
    for (const e of events) await h.queue.add('batch.ingested', e, { jobId: `outbox-${e.event_id}` });
    await finished(
      h,
      events.map((e) => `outbox-${e.event_id}`),
    );

    const entries = await h.redis.xrange(h.env.SITE_UPDATES_STREAM, '-', '+');
    // Entries without an `event` field are site.updated; each crossing (of 100, then of 100.5) added an alert.changed.
    const updates = entries.filter(([, fields]) => fields[0] === 'data').map(([, fields]) => JSON.parse(fields[1]));
    expect(updates).toHaveLength(2);
    const changes = entries.filter(([, fields]) => fields[0] === 'event').map(([, fields]) => JSON.parse(fields[3]));
    const raised = expect.objectContaining({ site_id, action: 'raised', status: 'open', type: 'limit_exceeded' });
    expect(changes).toEqual([raised, raised]);
    expect(updates).toContainEqual({ site_id, total_emissions_to_date: '100.5', compliance_status: 'Limit Exceeded' });
    expect(updates).toContainEqual({ site_id, total_emissions_to_date: '100.500001', compliance_status: 'Limit Exceeded' });
  });

  it('raises one alert when the same event is delivered twice under different job ids', async () => {
    h = await startAlerting();
    const event = newBatchIngestedEvent();
    await h.queue.add('batch.ingested', event, { jobId: `outbox-${event.event_id}` });
    await h.queue.add('batch.ingested', event, { jobId: `redelivered-${event.event_id}` });
    const jobs = await finished(h, [`outbox-${event.event_id}`, `redelivered-${event.event_id}`]);

    const outcomes = await Promise.all(jobs.map(async (j) => (await h?.queue.getJob(j.id as string))?.returnvalue));
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { duplicate: false, alertRaised: true },
        { duplicate: true, alertRaised: false },
      ]),
    );
    expect(await alertsOfSite(h.db, event.site_id)).toHaveLength(1);
    const inbox = await h.db.query('SELECT 1 FROM alerting.processed_events WHERE event_id = $1', [event.event_id]);
    expect(inbox.rowCount).toBe(1);
  });

  it('records an event that can raise nothing once, in its one-statement path, however often it is delivered', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    // Far below the limit and its near-limit band, no rate readings: the inbox row is the whole effect.
    const event = newBatchIngestedEvent({ site_id, total_before: '1', total_after: '2', emission_limit: '100' });
    const ids = [`outbox-${event.event_id}`, `redelivered-${event.event_id}`, `again-${event.event_id}`];
    for (const jobId of ids) await h.queue.add('batch.ingested', event, { jobId });
    const jobs = await finished(h, ids);

    const outcomes = jobs.map((j) => j.returnvalue as { duplicate: boolean; alertRaised: boolean });
    expect(outcomes.filter((o) => !o.duplicate)).toEqual([{ duplicate: false, alertRaised: false }]);
    expect(outcomes.filter((o) => o.duplicate)).toHaveLength(2);
    const inbox = await h.db.query('SELECT 1 FROM alerting.processed_events WHERE site_id = $1 AND event_id = $2', [
      site_id,
      event.event_id,
    ]);
    expect(inbox.rowCount).toBe(1);
    expect(await alertsOfSite(h.db, site_id)).toHaveLength(0);
    // Each delivery still publishes the site's total (an earlier attempt may have stopped before publishing).
    const entries = await h.redis.xrange(h.env.SITE_UPDATES_STREAM, '-', '+');
    const updates = entries.filter(([, f]) => f[0] === 'data').map(([, f]) => JSON.parse(f[1]));
    expect(updates.filter((u) => u.site_id === site_id)).toHaveLength(3);
  });

  it('retries a job that failed after writing its alert and ends with exactly one alert', async () => {
    const failedOnce = new Set<string>();
    let alertsSeenDuringFailure = -1;
    let harness: AlertingHarness | undefined;
    const hooks: AlertingHooks = {
      async beforeCommit(event: BatchIngestedV1) {
        if (failedOnce.has(event.event_id)) return;
        failedOnce.add(event.event_id);
        // From outside the transaction the alert is not visible: the crash must leave nothing behind.
        alertsSeenDuringFailure = (await alertsOfSite((harness as AlertingHarness).db, event.site_id)).length;
        throw new Error('simulated worker crash before commit');
      },
    };
    h = harness = await startAlerting({ hooks });
    const event = newBatchIngestedEvent();
    await h.queue.add('batch.ingested', event, { jobId: `outbox-${event.event_id}`, ...FAST_RETRY });
    const [job] = await finished(h, [`outbox-${event.event_id}`]);

    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    expect(alertsSeenDuringFailure).toBe(0);
    // The second attempt found no inbox row from the first: it rolled back with the alert.
    expect(job.returnvalue).toEqual({ duplicate: false, alertRaised: true });
    expect(await alertsOfSite(h.db, event.site_id)).toHaveLength(1);
  });

  it('fails a job whose payload breaks the schema at once, without retrying it', async () => {
    h = await startAlerting();
    const bad = { ...newBatchIngestedEvent(), total_after: 'a lot' };
    await h.queue.add('batch.ingested', bad, { jobId: `outbox-${bad.event_id}`, ...FAST_RETRY });
    const [job] = await finished(h, [`outbox-${bad.event_id}`]);

    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/invalid batch.ingested payload/);
    const inbox = await h.db.query('SELECT 1 FROM alerting.processed_events WHERE event_id = $1', [bad.event_id]);
    expect(inbox.rowCount).toBe(0);
  });

  it('reports commit-to-processed latency and outcomes on its metrics endpoint', async () => {
    const port = await freePort();
    h = await startAlerting({ env: { METRICS_PORT: String(port) } });
    const event = newBatchIngestedEvent({ committed_at: new Date(Date.now() - 300).toISOString() });
    await h.queue.add('batch.ingested', event, { jobId: `outbox-${event.event_id}` });
    await h.queue.add('batch.ingested', event, { jobId: `again-${event.event_id}` });
    await finished(h, [`outbox-${event.event_id}`, `again-${event.event_id}`]);

    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(/^alerting_commit_to_processed_seconds_count 1$/m);
    expect(text).toMatch(/^alerting_commit_to_processed_seconds_bucket\{le="0.1"\} 0$/m);
    expect(text).toMatch(/^alerting_events_total\{outcome="processed"\} 1$/m);
    expect(text).toMatch(/^alerting_events_total\{outcome="duplicate"\} 1$/m);
  });

  it('retries a job while its database is unreachable instead of failing it for good', async () => {
    h = await startAlerting({ env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' } });
    const event = newBatchIngestedEvent();
    await h.queue.add('batch.ingested', event, { jobId: `outbox-${event.event_id}`, attempts: 3, backoff: { type: 'fixed', delay: 50 } });
    const [job] = await finished(h, [`outbox-${event.event_id}`]);

    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(3);
    expect(job.failedReason).toMatch(/ECONNREFUSED/);
  });
});
