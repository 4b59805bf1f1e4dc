import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { addMasses, FleetReportSchema, ReadingsPageSchema, SiteReportSchema } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { useContractStack } from '../support/contract.stack';
import { expectProblem } from '../support/http';

/** Parses RFC 4180 text as the export writes it (quoted fields may hold commas and quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\r\n').filter((l) => l.length > 0)) {
    const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [];
    rows.push(
      fields.slice(0, -1).map((f) =>
        f
          .replace(/,$/, '')
          .replace(/^"(.*)"$/s, '$1')
          .replaceAll('""', '"'),
      ),
    );
  }
  return rows;
}

// Reports and exports over HTTP: the real gateway in front of the real services on a fresh database.
describe('reports and exports (gateway + services)', () => {
  const { get, post, newSite } = useContractStack();

  async function ingestMany(siteId: string, count: number) {
    const start = Date.parse('2026-03-31T12:00:00Z');
    for (let i = 0; i < count; i += 100) {
      const readings = Array.from({ length: Math.min(100, count - i) }, (_, j) => ({
        timestamp: new Date(start + (i + j) * 60_000).toISOString(),
        value: `${(i + j) % 7}.${String((i + j) * 37).padStart(3, '0')}`,
        sensor_id: (i + j) % 2 ? 'flare,north' : 'tank "B"',
      }));
      const res = await post('/api/v1/ingest', { site_id: siteId, readings });
      expect(res.status, res.text).toBe(201);
    }
  }

  it('streams the readings CSV, whose sum over the period equals the report, in JSON and CSV', async () => {
    const site = await newSite({ timezone: 'Asia/Tokyo', reporting_year_start_month: 4 });
    await ingestMany(site.id, 6_000); // more than one export page, across the Tokyo year boundary (March 31 15:00Z)
    const report = await get(`/api/v1/sites/${site.id}/report?year=2026&gwp=AR6`);
    expect(report.status, report.text).toBe(200);
    const parsed = SiteReportSchema.parse(report.body);
    expect(parsed).toMatchObject({ period: { start: '2026-03-31T15:00:00Z', end: '2027-03-31T15:00:00Z' }, gwp_set: 'AR6' });

    const exported = await get(`/api/v1/sites/${site.id}/readings?format=csv&from=${parsed.period.start}&to=${parsed.period.end}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(exported.text);
    expect(header).toEqual(['measured_at', 'sensor_id', 'mass_kg', 'rate_kg_h', 'duration_s', 'batch_id']);
    expect(rows).toHaveLength(parsed.readings);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['flare,north', 'tank "B"']));
    expect(addMasses(rows.map((r) => r[2]))).toBe(parsed.ch4_kg);

    const monthlyCsv = await get(`/api/v1/sites/${site.id}/report?year=2026&format=csv`);
    const [monthHeader, ...months] = parseCsv(monthlyCsv.text);
    expect(monthHeader).toEqual(['month', 'ch4_kg', 'co2e_t', 'readings']);
    expect(months).toHaveLength(12);
    expect(addMasses(months.map((m) => m[1]))).toBe(parsed.ch4_kg);

    const all = await get(`/api/v1/sites/${site.id}/readings?format=csv`);
    expect(parseCsv(all.text)).toHaveLength(6_001);
  });

  it('pages the readings as JSON and answers the fleet report with the per-site figures', async () => {
    const site = await newSite();
    await ingestMany(site.id, 30);
    const first = ReadingsPageSchema.parse((await get(`/api/v1/sites/${site.id}/readings?limit=20`)).body);
    expect(first.data).toHaveLength(20);
    const second = ReadingsPageSchema.parse((await get(`/api/v1/sites/${site.id}/readings?limit=20&cursor=${first.next_cursor}`)).body);
    expect(second).toMatchObject({ next_cursor: null });
    expect(second.data).toHaveLength(10);

    const own = SiteReportSchema.parse((await get(`/api/v1/sites/${site.id}/report?year=2026`)).body);
    const fleet = FleetReportSchema.parse((await get('/api/v1/report?year=2026')).body);
    const { monthly: _m, events: _e, alerts: _a, ...figures } = own;
    expect(fleet.data.find((r) => r.site_id === site.id)).toEqual(figures);
    const csv = parseCsv((await get('/api/v1/report?year=2026&format=csv')).text);
    const row = csv.find((r) => r[0] === site.id);
    expect(row?.[5]).toBe(own.ch4_kg);
  });

  it('answers bad queries and unknown sites with problems', async () => {
    const site = await newSite();
    expectProblem(await get(`/api/v1/sites/${site.id}/report`), 'validation_failed');
    expect(expectProblem(await get(`/api/v1/sites/${site.id}/report?year=2026&gwp=AR7`), 'validation_failed').errors).toEqual([
      { path: 'gwp', code: 'invalid_value', message: '"AR7" is not a known GWP set' },
    ]);
    expectProblem(await get(`/api/v1/sites/${site.id}/readings?format=xml`), 'validation_failed');
    expectProblem(await get(`/api/v1/sites/${randomUUID()}/readings?format=csv`), 'site_not_found');
    expectProblem(await get(`/api/v1/sites/${randomUUID()}/report?year=2026`), 'site_not_found');
  });
});
