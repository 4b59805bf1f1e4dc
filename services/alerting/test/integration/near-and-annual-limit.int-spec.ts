import { waitFor } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type AlertingHarness, newBatchIngestedEvent, newSettingsChangedEvent, startAlerting } from '../support/alerting.harness';

/** Adds the events one after another and waits until each job finished (as the relay publishes them in order). */
async function deliver(h: AlertingHarness, events: ReadonlyArray<{ event_id: string; type: string }>, jobPrefix = 'outbox') {
  for (const e of events) {
    const jobId = `${jobPrefix}-${e.event_id}`;
    await h.queue.add(e.type, e, { jobId });
    await waitFor(async () => ['completed', 'failed'].includes(await h.queue.getJobState(jobId)), `job ${jobId}`, 20_000);
    expect(await h.queue.getJobState(jobId)).toBe('completed');
  }
}

async function alertsOf(h: AlertingHarness, siteId: string) {
  const { rows } = await h.db.query<{
    type: string;
    severity: string;
    total_at_trigger: string;
    emission_limit: string;
    period_start: string | null;
    limit_revision: number;
  }>(
    `SELECT type, severity, trim_scale(total_at_trigger)::text AS total_at_trigger, trim_scale(emission_limit)::text AS emission_limit,
       to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS period_start, limit_revision
     FROM alerting.alerts a WHERE site_id = $1 ORDER BY a.total_at_trigger, a.period_start, a.type`,
    [siteId],
  );
  return rows;
}

/** The reporting year from April in Asia/Tokyo (UTC+9): starts 2026-04-01 00:00 local = 2026-03-31T15:00Z. */
const TOKYO_FY2026 = { start: '2026-04-01', start_at: '2026-03-31T15:00:00.000Z' };
const TOKYO_FY2025 = { start: '2025-04-01', start_at: '2025-03-31T15:00:00.000Z' };

describe('near_limit and annual_limit_exceeded alerts', () => {
  let h: AlertingHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('raises one near_limit and one limit_exceeded per crossing however often the events are redelivered', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const near = newBatchIngestedEvent({ site_id, total_before: '70', total_after: '85', emission_limit: '100', near_limit_pct: '80' });
    const inBand = newBatchIngestedEvent({ site_id, total_before: '85', total_after: '95', emission_limit: '100', near_limit_pct: '80' });
    const over = newBatchIngestedEvent({ site_id, total_before: '95', total_after: '101', emission_limit: '100', near_limit_pct: '80' });
    await deliver(h, [near, inBand, over]);
    await deliver(h, [near, inBand, over], 'redelivered');
    // Another event id claiming the same crossing (same limit and revision) finds it taken.
    await deliver(h, [{ ...near, event_id: randomUUID() }]);
    expect(await alertsOf(h, site_id)).toEqual([
      { type: 'near_limit', severity: 'warning', total_at_trigger: '85', emission_limit: '100', period_start: null, limit_revision: 0 },
      {
        type: 'limit_exceeded',
        severity: 'critical',
        total_at_trigger: '101',
        emission_limit: '100',
        period_start: null,
        limit_revision: 0,
      },
    ]);
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM alerting.alerts WHERE site_id = $1', [site_id]);
    expect(rows[0].n).toBe(2);
  });

  it('raises only limit_exceeded for a batch that jumps over the whole near-limit band', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    await deliver(h, [
      newBatchIngestedEvent({ site_id, total_before: '10', total_after: '150', emission_limit: '100', near_limit_pct: '80' }),
    ]);
    expect((await alertsOf(h, site_id)).map((a) => a.type)).toEqual(['limit_exceeded']);
  });

  it('raises near_limit for a batch that jumps from below the band onto the limit itself', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    await deliver(h, [
      newBatchIngestedEvent({ site_id, total_before: '10', total_after: '100', emission_limit: '100', near_limit_pct: '80' }),
    ]);
    expect((await alertsOf(h, site_id)).map((a) => a.type)).toEqual(['near_limit']);
  });

  it('raises annual_limit_exceeded once for the crossing of a reporting year from April in Asia/Tokyo, and again in the next year', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const common = { site_id, emission_limit: '1000000', annual_limit: '10' };
    // One batch with readings on both sides of the year boundary: only the year that went over the limit crosses.
    const acrossYears = newBatchIngestedEvent({
      ...common,
      total_before: '0',
      total_after: '19',
      reporting_years: [
        { ...TOKYO_FY2025, total_before: '0', total_after: '9' },
        { ...TOKYO_FY2026, total_before: '0', total_after: '10' },
      ],
    });
    const crossing = newBatchIngestedEvent({
      ...common,
      total_before: '19',
      total_after: '20',
      reporting_years: [{ ...TOKYO_FY2026, total_before: '10', total_after: '11' }],
    });
    const after = newBatchIngestedEvent({
      ...common,
      total_before: '20',
      total_after: '25',
      reporting_years: [{ ...TOKYO_FY2026, total_before: '11', total_after: '16' }],
    });
    await deliver(h, [acrossYears, crossing, after]);
    await deliver(h, [crossing], 'redelivered');
    await deliver(h, [{ ...crossing, event_id: randomUUID() }]);
    const fy2027 = { start: '2027-04-01', start_at: '2027-03-31T15:00:00.000Z' };
    await deliver(h, [
      newBatchIngestedEvent({
        ...common,
        total_before: '25',
        total_after: '36',
        reporting_years: [{ ...fy2027, total_before: '0', total_after: '11' }],
      }),
    ]);
    expect(await alertsOf(h, site_id)).toEqual([
      {
        type: 'annual_limit_exceeded',
        severity: 'critical',
        total_at_trigger: '11',
        emission_limit: '10',
        period_start: '2026-03-31T15:00:00Z',
        limit_revision: 0,
      },
      {
        type: 'annual_limit_exceeded',
        severity: 'critical',
        total_at_trigger: '11',
        emission_limit: '10',
        period_start: '2027-03-31T15:00:00Z',
        limit_revision: 0,
      },
    ]);
  });

  it('raises one annual_limit_exceeded for a PATCH that lowers the annual limit under the year total, however often it is delivered', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const reporting_year = { ...TOKYO_FY2026, total_before: '50', total: '50' };
    const lowered = newSettingsChangedEvent({
      site_id,
      fields: ['annual_limit'],
      total: '50',
      emission_limit_before: '1000',
      emission_limit: '1000',
      annual_limit_before: '60',
      annual_limit: '40',
      reporting_year,
      limit_revision: 1,
    });
    await deliver(h, [lowered]);
    await deliver(h, [lowered], 'redelivered');
    // Lowering it again while the year is already over: no new crossing.
    const lowerAgain = {
      ...lowered,
      event_id: randomUUID(),
      change_id: randomUUID(),
      annual_limit_before: '40',
      annual_limit: '30',
      limit_revision: 2,
    };
    await deliver(h, [lowerAgain]);
    expect(await alertsOf(h, site_id)).toEqual([
      {
        type: 'annual_limit_exceeded',
        severity: 'critical',
        total_at_trigger: '50',
        emission_limit: '40',
        period_start: '2026-03-31T15:00:00Z',
        limit_revision: 1,
      },
    ]);
  });

  it('raises near_limit for a PATCH that lowers near_limit_pct under the utilisation', async () => {
    h = await startAlerting();
    const site_id = randomUUID();
    const lowered = newSettingsChangedEvent({
      site_id,
      fields: ['near_limit_pct'],
      total: '60',
      emission_limit_before: '100',
      emission_limit: '100',
      near_limit_pct_before: '80',
      near_limit_pct: '60',
      limit_revision: 1,
    });
    await deliver(h, [lowered]);
    await deliver(h, [lowered], 'redelivered');
    expect(await alertsOf(h, site_id)).toEqual([
      { type: 'near_limit', severity: 'warning', total_at_trigger: '60', emission_limit: '100', period_start: null, limit_revision: 1 },
    ]);
  });
});
