import { addMasses, type SiteReportFigures } from '@emissions/contracts';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GetSiteReportHandler } from '../../src/reports/get-site-report.handler';
import { ReadingsPageHandler } from '../../src/reports/readings-page.handler';
import { GetSiteMetricsHandler } from '../../src/sites/queries/get-site-metrics.handler';
import { type IngestionTestApp, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const ZONES = [
  'UTC',
  'Asia/Tokyo',
  'America/Chicago',
  'Europe/London',
  'Australia/Adelaide',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Kathmandu',
];
// Dense around month ends, where zones disagree. At most 24 local months in any zone (January 2025, from 14:00 UTC on
// its first day, to December 2026, which the month ends reach), so every month is within the metrics' 24 newest.
const FROM = Date.parse('2025-01-01T14:00:00Z');
const TO = Date.parse('2026-11-30T00:00:00Z');

const readingArb = fc.record({
  at: fc.oneof(
    fc.integer({ min: FROM, max: TO }),
    fc
      .integer({ min: 0, max: 22 })
      .chain((m) => fc.integer({ min: -14 * 3_600_000, max: 14 * 3_600_000 }).map((d) => Date.UTC(2025, m + 1, 1) + d)),
  ),
  mg: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  sensor: fc.constantFrom('a', 'b', 'c'),
});

const kg = (mg: bigint) => addMasses([`${mg / 1_000_000n}.${String(mg % 1_000_000n).padStart(6, '0')}`]);

/** Sums a range's readings as the CSV export pages them. */
async function exportedSum(id: string, from: string, to: string): Promise<string> {
  const masses: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await app.moduleRef.get(ReadingsPageHandler).execute({ id, from, to, cursor, limit: 17 });
    masses.push(...page.data.map((r) => r.mass_kg));
    cursor = page.next_cursor;
  } while (cursor);
  return addMasses(masses);
}

/** The distinct local dates (by the runtime's own zone rules) of the instants inside the period. */
function localDaysWithData(instants: number[], timeZone: string, period: { start: string; end: string }): number {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const inside = instants.filter((t) => t >= Date.parse(period.start) && t < Date.parse(period.end));
  return new Set(inside.map((t) => date.format(t))).size;
}

describe('compliance figures (property)', () => {
  it('agree for random readings in random zones: monthly sums to the total, the report to the export and to the local days, the fleet to the sites', async () => {
    const reports = new Map<string, SiteReportFigures>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1, max: 12 }),
        fc.uniqueArray(readingArb, { minLength: 1, maxLength: 80, selector: (r) => `${r.at}|${r.sensor}` }),
        async (timezone, startMonth, readings) => {
          const site = await app.newSite({ timezone, reporting_year_start_month: startMonth });
          const sent = readings.map((r) => ({ timestamp: new Date(r.at).toISOString(), value: kg(r.mg), sensor_id: r.sensor }));
          // Half first, then all: the second batch is partly stored already, so its figures come from the first statement.
          expect((await app.send(v1Command(site.id, sent.slice(0, Math.ceil(sent.length / 2))))).ok).toBe(true);
          expect((await app.send(v1Command(site.id, sent))).ok).toBe(true);

          const metrics = await app.moduleRef.get(GetSiteMetricsHandler).execute({ id: site.id });
          expect(metrics.total_emissions_to_date).toBe(addMasses(sent.map((r) => r.value)));
          expect(addMasses(metrics.monthly.map((m) => m.total))).toBe(metrics.total_emissions_to_date);

          const { monthly, ...figures } = await app.moduleRef.get(GetSiteReportHandler).site({ id: site.id, year: 2025 });
          expect(figures.ch4_kg).toBe(await exportedSum(site.id, figures.period.start, figures.period.end));
          expect(addMasses(monthly.map((m) => m.ch4_kg))).toBe(figures.ch4_kg);
          expect(figures.days_with_data).toBe(
            localDaysWithData(
              readings.map((r) => r.at),
              timezone,
              figures.period,
            ),
          );
          reports.set(site.id, figures);
        },
      ),
      { numRuns: 12 },
    );
    const fleet = await app.moduleRef.get(GetSiteReportHandler).fleet({ year: 2025 });
    const rows = fleet.data.filter((r) => reports.has(r.site_id));
    expect(rows).toHaveLength(reports.size);
    for (const row of rows) expect(row).toEqual(reports.get(row.site_id));
  });
});
