import { waitFor } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AlertingHarness,
  alertsOfSite,
  newBatchIngestedEvent,
  newSettingsChangedEvent,
  startAlerting,
} from '../support/alerting.harness';

/** Adds the events one after another and waits until each job finished (as the relay publishes them in order). */
async function deliver(h: AlertingHarness, events: ReadonlyArray<{ event_id: string; type: string }>, jobPrefix = 'outbox') {
  for (const e of events) {
    const jobId = `${jobPrefix}-${e.event_id}`;
    await h.queue.add(e.type, e, { jobId });
    await waitFor(async () => ['completed', 'failed'].includes(await h.queue.getJobState(jobId)), `job ${jobId}`, 20_000);
    expect(await h.queue.getJobState(jobId)).toBe('completed');
  }
}

describe('limit changes', () => {
  let h: AlertingHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('raises one alert for a lowered limit, none for raising it back, and a second for lowering it again', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const lowered = newSettingsChangedEvent({ site_id, limit_revision: 1 });
    const lowerAgain = newSettingsChangedEvent({ site_id, limit_revision: 3 });
    await deliver(h, [
      newBatchIngestedEvent({ site_id, total_before: '0', total_after: '600', emission_limit: '1000' }),
      lowered,
      newBatchIngestedEvent({ site_id, total_before: '600', total_after: '601', emission_limit: '500', limit_revision: 1 }),
      newSettingsChangedEvent({ site_id, total: '601', emission_limit_before: '500', emission_limit: '1000', limit_revision: 2 }),
      { ...lowerAgain, total: '601' },
    ]);
    const alerts = (await alertsOfSite(h.db, site_id)).sort((a, b) => a.total_at_trigger.localeCompare(b.total_at_trigger));
    expect(alerts).toEqual([
      { event_id: lowered.event_id, total_at_trigger: '600.000000', emission_limit: '500.000000' },
      { event_id: lowerAgain.event_id, total_at_trigger: '601.000000', emission_limit: '500.000000' },
    ]);
  });

  it('never raises a crossing twice: not for a redelivered event, nor for another event claiming the same revision', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const lowered = newSettingsChangedEvent({ site_id });
    await deliver(h, [lowered]);
    await deliver(h, [lowered], 'redelivered');
    await deliver(h, [{ ...lowered, event_id: randomUUID() }]);
    expect(await alertsOfSite(h.db, site_id)).toHaveLength(1);
  });

  it('judges an event written before limits were editable as revision 0', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const { limit_revision: _dropped, ...legacy } = newBatchIngestedEvent({ site_id, total_before: '90', total_after: '110' });
    await deliver(h, [legacy as typeof legacy & { type: string }]);
    const { rows } = await h.db.query('SELECT limit_revision FROM alerting.alerts WHERE site_id = $1', [site_id]);
    expect(rows).toEqual([{ limit_revision: 0 }]);
  });
});
