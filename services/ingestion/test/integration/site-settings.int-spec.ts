import { type PatchSiteInput, PatchSiteRequestSchema } from '@emissions/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GetSiteHandler } from '../../src/sites/queries/get-site.handler';
import { ListSitesHandler } from '../../src/sites/queries/list-sites.handler';
import { ArchiveSiteHandler } from '../../src/sites/settings/archive-site.handler';
import { ListSiteChangesHandler } from '../../src/sites/settings/list-site-changes.handler';
import { PatchSiteHandler } from '../../src/sites/settings/patch-site.handler';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const patch = (id: string, body: PatchSiteInput, changedBy = 'operator') =>
  app.attempt(() =>
    app.moduleRef.get(PatchSiteHandler).execute({ id, changed_by: changedBy, changes: PatchSiteRequestSchema.parse(body) }),
  );
const changes = (id: string) => app.moduleRef.get(ListSiteChangesHandler).execute(id);
const events = (id: string) =>
  app.sql<{ type: string; payload: Record<string, unknown> }>(
    'SELECT event_type AS type, payload FROM outbox_events WHERE aggregate_id = ? ORDER BY seq',
    [id],
  );

describe('site settings', () => {
  it('creates a site with the contract defaults', async () => {
    const site = await app.newSite();
    expect(site).toMatchObject({
      timezone: 'UTC',
      annual_limit: null,
      reporting_year_start_month: 1,
      near_limit_pct: 80,
      super_emitter_kg_h: '100',
      archived_at: null,
    });
  });

  it.each([
    ['name', 'Renamed pad', 'Renamed pad'],
    ['emission_limit', '750.5', '750.5'],
    ['metadata', { basin: 'Permian' }, { basin: 'Permian' }],
    ['annual_limit', '120000', '120000'],
    ['reporting_year_start_month', 4, 4],
    ['near_limit_pct', 92.5, 92.5],
    ['super_emitter_kg_h', '250', '250'],
    ['timezone', 'America/Chicago', 'America/Chicago'],
  ] as const)('changes %s, and logs who changed it, when, the old and the new value', async (field, value, stored) => {
    const site = await app.newSite({ name: `Settings ${field} ${Date.now()}` });
    const before = site[field as keyof typeof site] ?? null;
    const body = { [field]: field === 'name' ? `${value} ${site.id}` : value } as PatchSiteInput;
    const result = await patch(site.id, body, 'key-7');
    expect(result.ok).toBe(true);
    const expected = field === 'name' ? `${stored} ${site.id}` : stored;
    expect((result.ok && result.result[field as keyof typeof result.result]) ?? null).toEqual(expected);
    const log = await changes(site.id);
    expect(log.data).toHaveLength(1);
    expect(log.data[0]).toMatchObject({ changed_by: 'key-7', field, old_value: before, new_value: expected });
    expect(Date.parse(log.data[0].changed_at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await events(site.id)).map((e) => e.type)).toEqual(['site.settings_changed']);
  });

  it('logs nothing and emits nothing for a value already stored', async () => {
    const site = await app.newSite({ emission_limit: '1000' });
    const result = await patch(site.id, { emission_limit: '1000.000', near_limit_pct: 80 });
    expect(result.ok).toBe(true);
    expect((await changes(site.id)).data).toEqual([]);
    expect(await events(site.id)).toEqual([]);
  });

  it('counts limit revisions and carries the total and both limits in the settings event', async () => {
    const site = await app.newSite({ emission_limit: '1000' });
    await app.send(v1Command(site.id, [reading(1, '600')]));
    await patch(site.id, { emission_limit: '500' });
    await patch(site.id, { emission_limit: '1000' });
    const settings = (await events(site.id)).filter((e) => e.type === 'site.settings_changed').map((e) => e.payload);
    expect(settings).toMatchObject([
      { total: '600', emission_limit_before: '1000', emission_limit: '500', limit_revision: 1, fields: ['emission_limit'] },
      { total: '600', emission_limit_before: '500', emission_limit: '1000', limit_revision: 2 },
    ]);
    await app.send(v1Command(site.id, [reading(2, '1')]));
    const [batch] = (await events(site.id)).filter((e) => e.type === 'batch.ingested').slice(-1);
    expect(batch.payload).toMatchObject({ limit_revision: 2, emission_limit: '1000', super_emitter_kg_h: '100' });
    // The threshold alerting classifies rate readings with is the site's setting when the batch committed.
    await patch(site.id, { super_emitter_kg_h: '250.5' });
    await app.send(v1Command(site.id, [reading(3, '1')]));
    const [later] = (await events(site.id)).filter((e) => e.type === 'batch.ingested').slice(-1);
    expect(later.payload).toMatchObject({ limit_revision: 2, super_emitter_kg_h: '250.5' });
  });

  it('keeps the change log append-only: updates and deletes are refused by the database', async () => {
    const site = await app.newSite();
    await patch(site.id, { annual_limit: '10' });
    await expect(app.sql(`UPDATE site_changes SET changed_by = 'someone else' WHERE site_id = ?`, [site.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(app.sql('DELETE FROM site_changes WHERE site_id = ?', [site.id])).rejects.toThrow(/append-only/);
    expect((await changes(site.id)).data).toHaveLength(1);
  });

  it('changes the time zone only while the site has no readings', async () => {
    const site = await app.newSite();
    expect((await patch(site.id, { timezone: 'Asia/Tokyo' })).ok).toBe(true);
    await app.send(v1Command(site.id, [reading(1, '1')]));
    const refused = await patch(site.id, { timezone: 'Europe/Berlin', annual_limit: '5' });
    expect(refused).toMatchObject({ ok: false, failure: { code: 'site_has_readings' } });
    const read = await app.moduleRef.get(GetSiteHandler).execute(site.id);
    expect(read).toMatchObject({ timezone: 'Asia/Tokyo', annual_limit: null });
    expect((await changes(site.id)).data).toHaveLength(1);
  });

  it('refuses a name another site has, and an unknown field, changing nothing', async () => {
    const taken = await app.newSite();
    const site = await app.newSite();
    expect(await patch(site.id, { name: taken.name.toUpperCase() })).toMatchObject({ ok: false, failure: { code: 'site_name_taken' } });
    expect(PatchSiteRequestSchema.safeParse({ colour: 'red' }).success).toBe(false);
    expect(PatchSiteRequestSchema.safeParse({ timezone: 'Mars/Olympus_Mons' }).success).toBe(false);
    expect((await changes(site.id)).data).toEqual([]);
  });

  it('archives a site: it refuses readings, stays readable and leaves the default list', async () => {
    const site = await app.newSite({ name: `zz-archive-${Date.now()}` });
    await app.send(v1Command(site.id, [reading(1, '2')]));
    const archive = app.moduleRef.get(ArchiveSiteHandler);
    const archived = await archive.execute({ id: site.id, changed_by: 'operator' });
    expect(archived.archived_at).toMatch(/Z$/);
    expect(await archive.execute({ id: site.id, changed_by: 'operator' })).toMatchObject({ archived_at: archived.archived_at });

    const refused = await app.send(v1Command(site.id, [reading(2, '3')]));
    expect(refused).toMatchObject({ ok: false, failure: { code: 'site_archived' } });
    expect(await app.moduleRef.get(GetSiteHandler).execute(site.id)).toMatchObject({ total_emissions_to_date: '2' });

    const list = app.moduleRef.get(ListSitesHandler);
    const ids = async (include_archived: boolean) => {
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list.execute({ limit: 500, cursor, include_archived });
        all.push(...page.data.map((s) => s.id));
        cursor = page.next_cursor;
      } while (cursor);
      return all;
    };
    expect(await ids(false)).not.toContain(site.id);
    expect(await ids(true)).toContain(site.id);
    expect((await changes(site.id)).data).toMatchObject([{ field: 'archived_at', old_value: null, new_value: archived.archived_at }]);
  });

  it('never files readings under a zone that changes while their batch is in flight', async () => {
    for (let i = 0; i < 8; i++) {
      const site = await app.newSite();
      const [ingested, patched] = await Promise.all([
        app.send(v1Command(site.id, [{ timestamp: '2026-01-31T23:30:00Z', value: '1' }])),
        patch(site.id, { timezone: 'Asia/Tokyo' }),
      ]);
      expect(ingested.ok).toBe(true);
      const zone = patched.ok ? 'Asia/Tokyo' : 'UTC';
      if (!patched.ok) expect(patched.failure.code).toBe('site_has_readings');
      const [row] = await app.sql<{ month: string; timezone: string }>(
        `SELECT to_char(m.month, 'YYYY-MM') AS month, s.timezone FROM site_monthly_totals m JOIN sites s ON s.id = m.site_id WHERE s.id = ?`,
        [site.id],
      );
      expect(row).toEqual({ month: zone === 'UTC' ? '2026-01' : '2026-02', timezone: zone });
    }
  });
});
