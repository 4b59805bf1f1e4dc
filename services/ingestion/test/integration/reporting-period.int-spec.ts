import { type CreateSiteInput, ExactDecimal } from '@emissions/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/database/sql-fragment';
import { GetSiteMetricsHandler, projectedTotal } from '../../src/sites/queries/get-site-metrics.handler';
import { reportingPeriod } from '../../src/sites/reporting-period.sql';
import { type IngestionTestApp, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const metrics = (id: string, gwp?: string) => app.moduleRef.get(GetSiteMetricsHandler).execute({ id, gwp });

/** The reporting year starting in `year` of a site with this zone and start month, as UTC instants. */
async function periodOf(timezone: string, startMonth: number, year: number) {
  const site = await app.newSite({ timezone, reporting_year_start_month: startMonth });
  const fragment = reportingPeriod(year);
  const [row] = await app.sql<{ start: string; end: string }>(
    `SELECT iso_utc(p.start_at) AS start, iso_utc(p.end_at) AS end FROM sites s CROSS JOIN LATERAL (${fragment.text}) p WHERE s.id = ?`,
    [...fragment.params, site.id],
  );
  return row;
}

/** Sends readings in batches of 100 (the batch limit). */
async function ingest(siteId: string, readings: { timestamp: string; value: string }[]) {
  for (let i = 0; i < readings.length; i += 100) {
    const result = await app.send(v1Command(siteId, readings.slice(i, i + 100)));
    expect(result.ok).toBe(true);
  }
}

async function newSite(overrides: Partial<CreateSiteInput>) {
  return app.newSite(overrides);
}

describe('reporting periods in the site zone', () => {
  it.each([
    ['UTC', 1, 2026, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'],
    ['Asia/Tokyo', 1, 2026, '2025-12-31T15:00:00Z', '2026-12-31T15:00:00Z'],
    // Chicago: April and November midnights are CDT (UTC-5), March 1 is CST (UTC-6).
    ['America/Chicago', 4, 2026, '2026-04-01T05:00:00Z', '2027-04-01T05:00:00Z'],
    ['America/Chicago', 3, 2026, '2026-03-01T06:00:00Z', '2027-03-01T06:00:00Z'],
    ['America/Chicago', 11, 2026, '2026-11-01T05:00:00Z', '2027-11-01T05:00:00Z'],
    ['UTC', 4, 2025, '2025-04-01T00:00:00Z', '2026-04-01T00:00:00Z'],
  ] as const)('%s starting in month %i of %i runs [%s, %s)', async (zone, month, year, start, end) => {
    expect(await periodOf(zone, month, year)).toEqual({ start, end });
  });

  it('files a reading at 2026-01-31T23:30:00Z in January for UTC and in February for Tokyo', async () => {
    const utc = await newSite({ timezone: 'UTC' });
    const tokyo = await newSite({ timezone: 'Asia/Tokyo' });
    for (const site of [utc, tokyo]) await ingest(site.id, [{ timestamp: '2026-01-31T23:30:00Z', value: '4.25' }]);
    expect((await metrics(utc.id)).monthly).toEqual([{ month: '2026-01', total: '4.25', count: 1 }]);
    expect((await metrics(tokyo.id)).monthly).toEqual([{ month: '2026-02', total: '4.25', count: 1 }]);
  });

  it('splits a Chicago DST week at local midnight of November 1 (still CDT, 05:00Z), hour by hour', async () => {
    const site = await newSite({ timezone: 'America/Chicago' });
    const start = Date.parse('2026-10-28T00:00:00Z');
    const readings = Array.from({ length: 168 }, (_, h) => ({
      timestamp: new Date(start + h * 3_600_000).toISOString(),
      value: '0.001001',
    }));
    await ingest(site.id, readings);
    // Oct 28 00:00Z .. Nov 1 04:00Z is 101 hours; the clocks fall back at 07:00Z, which moves no month boundary.
    expect((await metrics(site.id)).monthly).toEqual([
      { month: '2026-11', total: '0.067067', count: 67 },
      { month: '2026-10', total: '0.101101', count: 101 },
    ]);
  });

  it('gives the current period, its total from the local months, remaining, status and projection', async () => {
    const site = await newSite({
      timezone: 'Pacific/Auckland',
      reporting_year_start_month: 4,
      annual_limit: '100',
      emission_limit: '1000',
    });
    const now = Date.now();
    await ingest(site.id, [
      { timestamp: new Date(now - 2 * 86_400_000).toISOString(), value: '30' },
      { timestamp: new Date(now - 40 * 86_400_000).toISOString(), value: '80.5' },
      { timestamp: '2020-01-01T00:00:00Z', value: '7' },
    ]);
    const p = reportingPeriod(null);
    const [expected] = await app.sql<{ start: string; end: string; days_left: number; in_period: string }>(
      `SELECT iso_utc(p.start_at) AS start, iso_utc(p.end_at) AS end, greatest(p.end_local::date - p.today_local - 1, 0) AS days_left,
        (SELECT trim_scale(coalesce(sum(value), 0))::text FROM measurements m
          WHERE m.site_id = s.id AND m.measured_at >= p.start_at AND m.measured_at < p.end_at) AS in_period
       FROM sites s CROSS JOIN LATERAL (${p.text}) p WHERE s.id = ?`,
      [...p.params, site.id],
    );
    const m = await metrics(site.id);
    const total = new ExactDecimal(expected.in_period);
    expect(m.period).toEqual({
      start: expected.start,
      end: expected.end,
      total: expected.in_period,
      annual_limit: '100',
      remaining: total.gte(100) ? '0' : new ExactDecimal(100).minus(total).toFixed(),
      status: total.gt(100) ? 'Limit Exceeded' : 'Within Limit',
      projected_total: total.plus(new ExactDecimal(30).div(30).times(expected.days_left)).toDecimalPlaces(6).toFixed(),
    });
    expect(m.near_limit).toBe(false);
  });

  it('projects the period total exactly, rounding half-up at the sixth digit however the daily rate divides', async () => {
    const projected = async (total: string, last30Days: string, daysLeft: number) => {
      const f = projectedTotal(sql`${total}::numeric`, sql`${last30Days}::numeric`, sql`${daysLeft}::int`);
      const [row] = await app.sql<{ p: string }>(`SELECT ${f.text} AS p`, [...f.params]);
      return row.p;
    };
    expect(await projected('0', '0.000005', 3)).toBe('0.000001'); // 0.0000005: half, so up
    expect(await projected('0', '0.000004', 3)).toBe('0'); // 0.0000004
    expect(await projected('10', '0.000001', 15)).toBe('10.000001'); // 10.0000005
    expect(await projected('1.5', '29.999999', 1)).toBe('2.5'); // 0.99999996… rounds to 1
    expect(await projected('1', '0.000007', 0)).toBe('1');
  });

  it('has no period status or remaining without an annual limit, and is near the limit from near_limit_pct until exceeded', async () => {
    const site = await newSite({ emission_limit: '100', near_limit_pct: 75 });
    await ingest(site.id, [{ timestamp: '2026-06-01T00:00:00Z', value: '74.99' }]);
    expect(await metrics(site.id)).toMatchObject({ near_limit: false, period: { annual_limit: null, remaining: null, status: null } });
    await ingest(site.id, [{ timestamp: '2026-06-01T00:00:01Z', value: '0.01' }]);
    expect((await metrics(site.id)).near_limit).toBe(true);
    await ingest(site.id, [{ timestamp: '2026-06-01T00:00:02Z', value: '25.000001' }]);
    expect(await metrics(site.id)).toMatchObject({ near_limit: false, compliance_status: 'Limit Exceeded' });
  });
});

describe('CO2e', () => {
  it.each([
    [undefined, 'AR6-fossil', '29.8', '0.0298'],
    ['AR6-fossil', 'AR6-fossil', '29.8', '0.0298'],
    ['AR6-nonfossil', 'AR6-nonfossil', '27', '0.027'],
    ['AR6', 'AR6', '27.9', '0.0279'],
    ['AR5', 'AR5', '28', '0.028'],
    ['AR4', 'AR4', '25', '0.025'],
    ['AR6-fossil-GWP20', 'AR6-fossil-GWP20', '82.5', '0.0825'],
  ] as const)('of 1 kg under %s is %s × 1 kg ÷ 1000 t', async (asked, set, factor, tonnes) => {
    const site = await newSite({});
    await ingest(site.id, [{ timestamp: '2026-06-01T00:00:00Z', value: '1' }]);
    const { co2e } = await metrics(site.id, asked);
    expect(co2e).toMatchObject({ gwp_set: set, gwp_factor: factor, total_t: tonnes });
    expect(co2e?.gwp_source).toMatch(/IPCC/);
  });

  it('rounds half-up to 6 decimals of a tonne (20 mg under AR4 is 0.0000005 t, given as 0.000001)', async () => {
    const site = await newSite({});
    await ingest(site.id, [{ timestamp: '2026-06-01T00:00:00Z', value: '0.00002' }]);
    expect((await metrics(site.id, 'AR4')).co2e?.total_t).toBe('0.000001');
  });

  it('refuses an unknown GWP set', async () => {
    const site = await newSite({});
    await expect(metrics(site.id, 'AR7')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('follows the data: a set added to gwp_sets is usable without a code change', async () => {
    const site = await newSite({});
    await ingest(site.id, [{ timestamp: '2026-06-01T00:00:00Z', value: '2' }]);
    await app.sql(`INSERT INTO gwp_sets (name, factor, source) VALUES ('TEST-SET', 31.5, 'test programme') ON CONFLICT DO NOTHING`);
    expect((await metrics(site.id, 'TEST-SET')).co2e).toMatchObject({ gwp_factor: '31.5', total_t: '0.063' });
  });
});
