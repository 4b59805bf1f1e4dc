import { type PatchSiteInput, PatchSiteRequestSchema } from '@emissions/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PatchSiteHandler } from '../../src/sites/settings/patch-site.handler';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const patch = (id: string, body: PatchSiteInput) =>
  app.moduleRef.get(PatchSiteHandler).execute({ id, changed_by: 'operator', changes: PatchSiteRequestSchema.parse(body) });
const payloads = async (id: string, type: string) =>
  (
    await app.sql<{ payload: Record<string, unknown> }>(
      'SELECT payload FROM outbox_events WHERE aggregate_id = ? AND event_type = ? ORDER BY seq',
      [id, type],
    )
  ).map((r) => r.payload);

describe('the limit figures compliance events carry', () => {
  it('carries near_limit_pct and a null annual_limit, and no reporting years without an annual limit', async () => {
    const site = await app.newSite({ near_limit_pct: 72.5 });
    await app.send(v1Command(site.id, [reading(1, '5')]));
    const [event] = await payloads(site.id, 'batch.ingested');
    expect(event).toMatchObject({ near_limit_pct: '72.5', annual_limit: null });
    expect(event).not.toHaveProperty('reporting_years');
  });

  it('carries the totals of each reporting year (from April, in Asia/Tokyo) the readings fall in', async () => {
    const site = await app.newSite({ timezone: 'Asia/Tokyo', reporting_year_start_month: 4, annual_limit: '10' });
    await app.send(
      v1Command(site.id, [
        { timestamp: '2026-03-31T14:30:00Z', value: '3' }, // 23:30 on March 31 in Tokyo: the year from April 2025
        { timestamp: '2026-03-31T15:30:00Z', value: '4' }, // 00:30 on April 1 in Tokyo: the year from April 2026
      ]),
    );
    // The second batch repeats a stored reading: the event is written by the follow-up statement then.
    await app.send(
      v1Command(site.id, [
        { timestamp: '2026-03-31T15:30:00Z', value: '4' },
        { timestamp: '2026-05-01T00:00:00Z', value: '7' },
      ]),
    );
    const events = await payloads(site.id, 'batch.ingested');
    expect(events.map((e) => [e.annual_limit, e.reporting_years])).toEqual([
      [
        '10',
        [
          { start: '2025-04-01', start_at: '2025-03-31T15:00:00Z', total_before: '0', total_after: '3' },
          { start: '2026-04-01', start_at: '2026-03-31T15:00:00Z', total_before: '0', total_after: '4' },
        ],
      ],
      ['10', [{ start: '2026-04-01', start_at: '2026-03-31T15:00:00Z', total_before: '4', total_after: '11' }]],
    ]);
  });

  it('gives concurrent batches consecutive year totals: each sees every batch committed before it', async () => {
    const site = await app.newSite({ annual_limit: '5' });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => app.send(v1Command(site.id, [reading(i % 2 === 0 ? i : 60 * 24 * 40 + i, '1.5')]))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const pairs = (await payloads(site.id, 'batch.ingested'))
      .map((e) => (e.reporting_years as Array<{ total_before: string; total_after: string }>)[0])
      .map((y) => [Number(y.total_before), Number(y.total_after)])
      .sort((a, b) => a[0] - b[0]);
    expect(pairs).toEqual(Array.from({ length: 12 }, (_, i) => [i * 1.5, (i + 1) * 1.5]));
  });

  it('carries both annual limits, both near-limit percentages and the current year under old and new settings in a PATCH event', async () => {
    const year = new Date().getUTCFullYear();
    const site = await app.newSite({ annual_limit: '100' });
    await app.send(v1Command(site.id, [{ timestamp: `${year}-01-01T00:00:00Z`, value: '60' }]));
    await patch(site.id, { annual_limit: '50', near_limit_pct: 55 });
    await patch(site.id, { name: `renamed ${site.id}` });
    const [lowered, renamed] = await payloads(site.id, 'site.settings_changed');
    expect(lowered).toMatchObject({
      annual_limit_before: '100',
      annual_limit: '50',
      near_limit_pct_before: '80',
      near_limit_pct: '55',
      limit_revision: 1,
      reporting_year: { start: `${year}-01-01`, start_at: `${year}-01-01T00:00:00Z`, total_before: '60', total: '60' },
    });
    // A change of no limit setting keeps the revision: it can cause no crossing.
    expect(renamed).toMatchObject({ annual_limit_before: '50', annual_limit: '50', limit_revision: 1 });
  });
});
