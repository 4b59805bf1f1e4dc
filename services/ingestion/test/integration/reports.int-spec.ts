import { addMasses, PatchSiteRequestSchema } from '@emissions/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GetSiteReportHandler } from '../../src/reports/get-site-report.handler';
import { ReadingsPageHandler } from '../../src/reports/readings-page.handler';
import { ArchiveSiteHandler } from '../../src/sites/settings/archive-site.handler';
import { PatchSiteHandler } from '../../src/sites/settings/patch-site.handler';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const reports = () => app.moduleRef.get(GetSiteReportHandler);
const page = (id: string, cursor: string | null, limit: number, from: string | null = null, to: string | null = null) =>
  app.moduleRef.get(ReadingsPageHandler).execute({ id, from, to, cursor, limit });

describe('site report', () => {
  it('reports an April reporting year in Tokyo from local months, with days, readings, status and CO2e', async () => {
    const site = await app.newSite({ timezone: 'Asia/Tokyo', reporting_year_start_month: 4, annual_limit: '10' });
    await app.send(
      v1Command(site.id, [
        { timestamp: '2025-03-31T14:59:59Z', value: '100' }, // 23:59:59 on March 31 in Tokyo: the year before
        { timestamp: '2025-03-31T15:00:00Z', value: '4.000001' }, // 00:00 on April 1 in Tokyo: the first instant
        { timestamp: '2025-03-31T16:00:00Z', value: '2' },
        { timestamp: '2026-01-31T23:30:00Z', value: '3' }, // February in Tokyo
        { timestamp: '2026-03-31T14:59:59.999999Z', value: '1.5' }, // the last microsecond of the year
        { timestamp: '2026-03-31T15:00:00Z', value: '50' }, // the next year
      ]),
    );
    const report = await reports().site({ id: site.id, year: 2025, gwp: 'AR5' });
    expect(report).toMatchObject({
      period: { start: '2025-03-31T15:00:00Z', end: '2026-03-31T15:00:00Z' },
      timezone: 'Asia/Tokyo',
      ch4_kg: '10.500001',
      ch4_t: '0.010500001',
      co2e_t: '0.294',
      gwp_set: 'AR5',
      gwp_factor: '28',
      annual_limit: '10',
      status: 'Limit Exceeded',
      readings: 4,
      days_with_data: 3,
      days_in_period: 365,
    });
    expect(report.monthly.map((m) => m.month)).toEqual([
      ...['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'],
      ...['2026-01', '2026-02', '2026-03'],
    ]);
    expect(report.monthly.filter((m) => m.readings > 0)).toEqual([
      { month: '2025-04', ch4_kg: '6.000001', co2e_t: '0.168', readings: 2 },
      { month: '2026-02', ch4_kg: '3', co2e_t: '0.084', readings: 1 },
      { month: '2026-03', ch4_kg: '1.5', co2e_t: '0.042', readings: 1 },
    ]);
  });

  it('counts each local day with data once: across batches, a partly duplicate batch, the 31st, and both DST changes', async () => {
    const site = await app.newSite({ timezone: 'America/Chicago' });
    const first = await app.send(
      v1Command(site.id, [
        { timestamp: '2025-01-31T12:00:00Z', value: '1' }, // January 31, the month's last bit
        { timestamp: '2025-01-31T20:00:00Z', value: '1' },
        { timestamp: '2025-02-01T05:59:59Z', value: '1' }, // 23:59:59 on January 31 in Chicago
      ]),
    );
    expect(first.ok).toBe(true);
    const second = await app.send(
      v1Command(site.id, [
        { timestamp: '2025-01-31T12:00:00Z', value: '1' }, // stored already: the batch is summed from the first statement's figures
        { timestamp: '2025-03-09T07:59:00Z', value: '1' }, // 01:59 CST on March 9
        { timestamp: '2025-03-09T08:00:00Z', value: '1' }, // 03:00 CDT, the same local day
        { timestamp: '2025-11-02T06:30:00Z', value: '1' }, // 01:30 CDT on November 2
        { timestamp: '2025-11-02T07:30:00Z', value: '1' }, // 01:30 CST, the same local day again
      ]),
    );
    expect(second.ok).toBe(true);
    const report = await reports().site({ id: site.id, year: 2025 });
    expect(report).toMatchObject({ readings: 7, ch4_kg: '7', days_with_data: 3, days_in_period: 365 });
    const fleet = await reports().fleet({ year: 2025 });
    expect(fleet.data.find((r) => r.site_id === site.id)).toMatchObject({ days_with_data: 3 });
    expect((await reports().site({ id: site.id, year: 2024 })).days_with_data).toBe(0);
  });

  it('judges a year by the annual limit in force when it ended, not by a later change', async () => {
    const site = await app.newSite({ annual_limit: '100' });
    await app.send(v1Command(site.id, [{ timestamp: '2025-06-01T00:00:00Z', value: '50' }]));
    const patch = (annual_limit: string | null) =>
      app.moduleRef
        .get(PatchSiteHandler)
        .execute({ id: site.id, changed_by: 'operator', changes: PatchSiteRequestSchema.parse({ annual_limit }) });
    await patch('40');
    await patch(null);
    await patch('45');
    // 2025 ended before every change: the limit it ended under was 100, which the first change replaced.
    expect(await reports().site({ id: site.id, year: 2025 })).toMatchObject({ annual_limit: '100', status: 'Within Limit' });
    const fleetRow = (await reports().fleet({ year: 2025 })).data.find((r) => r.site_id === site.id);
    expect(fleetRow).toMatchObject({ annual_limit: '100', status: 'Within Limit' });
    // The current year has not ended: today's limit.
    expect(await reports().site({ id: site.id, year: 2026 })).toMatchObject({ annual_limit: '45', status: 'Within Limit' });
    // A site whose limit never changed: its one limit.
    const later = await app.newSite({ annual_limit: '10' });
    await app.send(v1Command(later.id, [{ timestamp: '2025-06-01T00:00:00Z', value: '50' }]));
    expect(await reports().site({ id: later.id, year: 2025 })).toMatchObject({ annual_limit: '10', status: 'Limit Exceeded' });
  });

  it('refuses an unknown site and an unknown GWP set', async () => {
    const site = await app.newSite();
    await expect(reports().site({ id: '00000000-0000-4000-8000-000000000000', year: 2026 })).rejects.toMatchObject({
      code: 'site_not_found',
    });
    await expect(reports().site({ id: site.id, year: 2026, gwp: 'AR7' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(reports().fleet({ year: 2026, gwp: 'AR7' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('gives every site a fleet row equal to its own report, archived sites included', async () => {
    const site = await app.newSite({ timezone: 'America/Chicago' });
    await app.send(v1Command(site.id, [{ timestamp: '2026-03-08T08:30:00Z', value: '7.25' }]));
    await app.moduleRef.get(ArchiveSiteHandler).execute({ id: site.id, changed_by: 'operator' });
    const fleet = await reports().fleet({ year: 2026 });
    const { monthly: _monthly, ...own } = await reports().site({ id: site.id, year: 2026 });
    expect(fleet.data.find((r) => r.site_id === site.id)).toEqual(own);
    expect(own).toMatchObject({ ch4_kg: '7.25', readings: 1, days_with_data: 1 });
  });
});

describe('readings export pages', () => {
  it('walks every reading of a range oldest first by keyset cursor, [from, to) exactly', async () => {
    const site = await app.newSite();
    const readings = Array.from({ length: 25 }, (_, i) => ({
      timestamp: new Date(Date.UTC(2026, 4, 1, 0, 0, i % 5)).toISOString(),
      value: `${i}.25`,
      sensor_id: `s-${Math.floor(i / 5)}`,
    }));
    await app.send(v1Command(site.id, readings));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await page(site.id, cursor, 7, '2026-05-01T00:00:01Z', '2026-05-01T00:00:04Z');
      expect(p.data.length).toBeLessThanOrEqual(7);
      seen.push(...p.data.map((r) => `${r.measured_at}|${r.sensor_id}|${r.mass_kg}`));
      cursor = p.next_cursor;
    } while (cursor);
    const expected = readings
      .filter((r) => r.timestamp >= '2026-05-01T00:00:01' && r.timestamp < '2026-05-01T00:00:04')
      .map((r) => `${r.timestamp.replace('.000Z', 'Z')}|${r.sensor_id}|${r.value}`)
      .sort();
    expect(seen).toEqual(expected);
    expect(addMasses(seen.map((s) => s.split('|')[2]))).toBe(addMasses(expected.map((s) => s.split('|')[2])));
  });

  it('answers an unknown site with site_not_found and a forged cursor with validation_failed', async () => {
    await expect(page('00000000-0000-4000-8000-000000000000', null, 10)).rejects.toMatchObject({ code: 'site_not_found' });
    const site = await app.newSite();
    await expect(page(site.id, 'bm90LWEtY3Vyc29y', 10)).rejects.toMatchObject({ code: 'validation_failed' });
    // A real cursor carried to a site that does not exist is still that site's 404, not an empty page.
    await app.send(v1Command(site.id, [reading(1, '1'), reading(2, '2')]));
    const { next_cursor } = await page(site.id, null, 1);
    expect(next_cursor).toEqual(expect.any(String));
    await expect(page('00000000-0000-4000-8000-000000000000', next_cursor, 10)).rejects.toMatchObject({ code: 'site_not_found' });
  });
});
