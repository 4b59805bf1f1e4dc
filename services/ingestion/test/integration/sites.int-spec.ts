import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GetSiteHandler } from '../../src/sites/queries/get-site.handler';
import { GetSiteMetricsHandler } from '../../src/sites/queries/get-site-metrics.handler';
import { ListSitesHandler } from '../../src/sites/queries/list-sites.handler';
import { type IngestionTestApp, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

describe('sites', () => {
  it('refuses a second site whose name differs only by case or surrounding spaces', async () => {
    const name = `Well Pad ${Date.now()}`;
    await app.newSite({ name });
    await expect(app.newSite({ name: `  ${name.toUpperCase()} ` })).rejects.toMatchObject({ code: 'site_name_taken' });
  });

  it('lists sites by name across pages with a cursor', async () => {
    const prefix = `zz-list-${Date.now()}`;
    for (const n of ['c', 'A', 'b']) await app.newSite({ name: `${prefix}-${n}` });
    const list = app.moduleRef.get(ListSitesHandler);
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list.execute({ limit: 2, cursor, include_archived: false });
      names.push(...page.data.map((s) => s.name).filter((n) => n.startsWith(prefix)));
      cursor = page.next_cursor;
    } while (cursor);
    expect(names).toEqual([`${prefix}-A`, `${prefix}-b`, `${prefix}-c`]);
  });

  it('gives metrics that agree with each other and with the stored readings', async () => {
    const site = await app.newSite({ emission_limit: '100' });
    const now = Date.now();
    const at = (msAgo: number) => new Date(now - msAgo).toISOString();
    const hour = 3_600_000;
    await app.send(
      v1Command(site.id, [
        { timestamp: at(hour), value: '10.5' },
        { timestamp: at(3 * 24 * hour), value: '20' },
        { timestamp: at(20 * 24 * hour), value: '30' },
        { timestamp: '2024-02-29T12:00:00Z', value: '50.25' },
      ]),
    );
    const metrics = await app.moduleRef.get(GetSiteMetricsHandler).execute({ id: site.id });
    expect(metrics).toMatchObject({
      total_emissions_to_date: '110.75',
      remaining: '0',
      utilization_pct: 110.75,
      compliance_status: 'Limit Exceeded',
      measurement_count: 4,
      batch_count: 1,
      first_measured_at: '2024-02-29T12:00:00Z',
      windows: { last_24h: '10.5', last_7d: '30.5', last_30d: '60.5' },
    });
    const monthlySum = metrics.monthly.reduce((sum, m) => sum + Number(m.total) * 1e6, 0) / 1e6;
    expect(monthlySum).toBe(110.75);
    expect(metrics.monthly.at(-1)).toEqual({ month: '2024-02', total: '50.25', count: 1 });
  });

  it('counts the 30-day window to its edge, whichever month partitions it spans, on a prepared statement shared by sites and GWP sets', async () => {
    const now = Date.now();
    const at = (msAgo: number) => new Date(now - msAgo).toISOString();
    const day = 86_400_000;
    const handler = app.moduleRef.get(GetSiteMetricsHandler);
    const [a, b] = [await app.newSite(), await app.newSite()];
    await app.send(
      v1Command(a.id, [
        { timestamp: at(30 * day - 60_000), value: '1.25' },
        { timestamp: at(30 * day + 60_000), value: '100' },
        { timestamp: at(44 * day), value: '1000' },
      ]),
    );
    await app.send(v1Command(b.id, [{ timestamp: at(2 * day), value: '7' }]));
    // The same statement text for every call: a prepared statement planned once must still answer per site and set.
    for (let round = 0; round < 3; round++) {
      expect((await handler.execute({ id: a.id })).windows).toEqual({ last_24h: '0', last_7d: '0', last_30d: '1.25' });
      expect((await handler.execute({ id: b.id, gwp: 'AR5' })).windows).toEqual({ last_24h: '0', last_7d: '7', last_30d: '7' });
      expect((await handler.execute({ id: b.id, gwp: 'AR5' })).co2e?.gwp_set).toBe('AR5');
      expect((await handler.execute({ id: a.id })).total_emissions_to_date).toBe('1101.25');
    }
  });

  it('gives each site the time of its newest reading, so a list needs no per-site request for it', async () => {
    const site = await app.newSite();
    expect(site.last_measured_at).toBeNull();
    await app.send(
      v1Command(site.id, [
        { timestamp: '2026-03-01T10:00:00.25Z', value: '1' },
        { timestamp: '2026-02-01T00:00:00Z', value: '1' },
      ]),
    );
    const read = await app.moduleRef.get(GetSiteHandler).execute(site.id);
    expect(read.last_measured_at).toBe('2026-03-01T10:00:00.25Z');
  });
});
