import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { SiteChangeListSchema, SiteListSchema, SiteMetricsSchema, SiteSchema } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { useContractStack } from '../support/contract.stack';
import { expectProblem, http } from '../support/http';

// Site settings, archiving, the change log and the compliance figures over HTTP (gateway + ingestion service).
describe('site settings (gateway + ingestion service)', () => {
  const stack = useContractStack();
  const { get, post, newSite } = stack;
  const patch = (path: string, json: unknown, auth?: string) => http(stack.gateway().baseUrl, path, { method: 'PATCH', json, auth });

  it('PATCHes settings, answers the Site, and lists the change with who made it', async () => {
    const site = await newSite({ timezone: 'Asia/Tokyo', annual_limit: 5000 });
    expect(site).toMatchObject({ timezone: 'Asia/Tokyo', annual_limit: '5000', reporting_year_start_month: 1, archived_at: null });
    const res = await patch(`/api/v1/sites/${site.id}`, { reporting_year_start_month: 4, emission_limit: '900.5' });
    expect(res.status, res.text).toBe(200);
    expect(SiteSchema.parse(res.body)).toMatchObject({ reporting_year_start_month: 4, emission_limit: '900.5' });
    const changes = await get(`/api/v1/sites/${site.id}/changes`);
    expect(changes.status, changes.text).toBe(200);
    const log = SiteChangeListSchema.parse(changes.body).data;
    expect(log.map(({ field, old_value, new_value, changed_by }) => ({ field, old_value, new_value, changed_by }))).toEqual([
      { field: 'reporting_year_start_month', old_value: 1, new_value: 4, changed_by: 'operator' },
      { field: 'emission_limit', old_value: '1000', new_value: '900.5', changed_by: 'operator' },
    ]);
  });

  it('refuses unknown fields, a bad zone and a zone change after readings, changing nothing', async () => {
    const site = await newSite();
    expectProblem(await patch(`/api/v1/sites/${site.id}`, { colour: 'red' }), 'validation_failed');
    expectProblem(await patch(`/api/v1/sites/${site.id}`, { timezone: 'Mars/Olympus' }), 'validation_failed');
    expectProblem(await patch(`/api/v1/sites/${randomUUID()}`, { near_limit_pct: 90 }), 'site_not_found');
    const ingest = await post('/api/v1/ingest', { site_id: site.id, readings: [{ timestamp: '2026-06-01T00:00:00Z', value: 1 }] });
    expect(ingest.status, ingest.text).toBe(201);
    expectProblem(await patch(`/api/v1/sites/${site.id}`, { timezone: 'Europe/Berlin' }), 'site_has_readings');
    expect(SiteChangeListSchema.parse((await get(`/api/v1/sites/${site.id}/changes`)).body).data).toEqual([]);
  });

  it('archives: ingest answers 409 site_archived, the site stays readable and leaves the default list', async () => {
    const site = await newSite();
    const archived = await http(stack.gateway().baseUrl, `/api/v1/sites/${site.id}/archive`, { method: 'POST' });
    expect(archived.status, archived.text).toBe(200);
    expect(SiteSchema.parse(archived.body).archived_at).toMatch(/Z$/);
    expectProblem(
      await post('/api/v1/ingest', { site_id: site.id, readings: [{ timestamp: '2026-06-01T00:00:00Z', value: 1 }] }),
      'site_archived',
    );
    expect((await get(`/api/v1/sites/${site.id}`)).status).toBe(200);
    const plain = SiteListSchema.parse((await get('/api/v1/sites?limit=500')).body).data.map((s) => s.id);
    const all = SiteListSchema.parse((await get('/api/v1/sites?limit=500&include_archived=true')).body).data.map((s) => s.id);
    expect(plain).not.toContain(site.id);
    expect(all).toContain(site.id);
  });

  it('gives the period, near_limit and CO2e in metrics, and 400 for an unknown GWP set', async () => {
    const site = await newSite({ emission_limit: '10', near_limit_pct: 50 });
    await post('/api/v1/ingest', { site_id: site.id, readings: [{ timestamp: new Date(Date.now() - 60_000).toISOString(), value: '6' }] });
    const res = await get(`/api/v1/sites/${site.id}/metrics?gwp=AR5`);
    expect(res.status, res.text).toBe(200);
    const metrics = SiteMetricsSchema.parse(res.body);
    expect(metrics).toMatchObject({ near_limit: true, co2e: { gwp_set: 'AR5', gwp_factor: '28', total_t: '0.168', period_t: '0.168' } });
    expect(metrics.period).toMatchObject({ total: '6', annual_limit: null, status: null });
    expectProblem(await get(`/api/v1/sites/${site.id}/metrics?gwp=AR7`), 'validation_failed');
  });
});
