import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { SiteListSchema, SiteSchema } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { useContractStack } from '../support/contract.stack';
import { problemOf } from '../support/http';

// Sites and readiness over HTTP: the real gateway in front of the real ingestion service on a fresh database.
describe('sites (gateway + ingestion service)', () => {
  const stack = useContractStack();
  const { get, post, newSite } = stack;

  it('is ready when the ingestion and alerting services and Redis answer', async () => {
    const res = await get('/health/ready');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { ingestion: 'up', alerting: 'up', redis: 'up' } });
  });

  describe('sites', () => {
    it('creates a site with 201 and Location, and reads it back', async () => {
      const res = await post('/api/sites', { name: '  Permian Basin Pad 7 ', emission_limit: 2500.5, metadata: { region: 'TX' } });
      expect(res.status, res.text).toBe(201);
      const site = SiteSchema.parse(res.body);
      expect(site).toMatchObject({
        name: 'Permian Basin Pad 7',
        emission_limit: '2500.5',
        total_emissions_to_date: '0',
        compliance_status: 'Within Limit',
        metadata: { region: 'TX' },
      });
      expect(res.headers.get('location')).toBe(`/api/v1/sites/${site.id}`);
      expect(res.headers.get('api-version')).toBe('1');
      const read = await get(`/api/v1/sites/${site.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(site);
    });

    it('rejects a name taken in another case with 409 site_name_taken', async () => {
      const site = await newSite();
      expect(problemOf(await post('/api/v1/sites', { name: site.name.toUpperCase(), emission_limit: 1 })).code).toBe('site_name_taken');
    });

    it('answers an unknown site with 404 site_not_found', async () => {
      const res = await get(`/api/v1/sites/${randomUUID()}/metrics`);
      expect(res.status).toBe(404);
      expect(problemOf(res).code).toBe('site_not_found');
    });

    it('pages through sites ordered by name', async () => {
      for (let i = 0; i < 3; i++) await newSite({ name: `zz-page-${i}` });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await get(`/api/v1/sites?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status, res.text).toBe(200);
        const page = SiteListSchema.parse(res.body);
        expect(page.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.data.map((s) => s.name));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen.filter((n) => n.startsWith('zz-page-'))).toEqual(['zz-page-0', 'zz-page-1', 'zz-page-2']);
      expect(new Set(seen).size).toBe(seen.length);
    });
  });
});
