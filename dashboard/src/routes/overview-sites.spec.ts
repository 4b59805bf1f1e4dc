import type { Site } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { OverviewSites } from './overview-sites.svelte';

const site = (n: number, total = '0'): Site => ({
  id: `6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c${String(n).padStart(2, '0')}`,
  name: `site ${n}`,
  emission_limit: '100',
  metadata: {},
  total_emissions_to_date: total,
  compliance_status: 'Within Limit',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  last_measured_at: null,
});

/** A list API that counts its calls and answers when told to. */
function fakeApi(pages: Site[][]) {
  const api = {
    calls: 0,
    release: [] as Array<() => void>,
    listSites: () => {
      const answer = pages[Math.min(api.calls++, pages.length - 1)];
      return new Promise<Site[]>((resolve) => api.release.push(() => resolve(answer)));
    },
  };
  return api;
}

describe('OverviewSites', () => {
  it('applies live events to the rows in place, keeping the larger total of two out of order', () => {
    const overview = new OverviewSites(fakeApi([]));
    overview.replaceAll([site(1), site(2)]);
    const exceeded = overview.applyUpdate({ site_id: site(2).id, total_emissions_to_date: '150', compliance_status: 'Limit Exceeded' });
    expect(exceeded.kind).toBe('applied');
    expect(overview.applyUpdate({ site_id: site(2).id, total_emissions_to_date: '120', compliance_status: 'Limit Exceeded' })).toEqual({
      kind: 'stale',
    });
    expect(overview.sites?.[1]).toMatchObject({ total_emissions_to_date: '150', compliance_status: 'Limit Exceeded', name: 'site 2' });
    expect(overview.sites?.[0]).toEqual(site(1));
  });

  it('says when an event names a site it has not seen, so the page loads the list instead of asking per site', () => {
    const overview = new OverviewSites(fakeApi([]));
    expect(overview.applyUpdate({ site_id: site(3).id, total_emissions_to_date: '1', compliance_status: 'Within Limit' }).kind).toBe(
      'unknown',
    );
    overview.replaceAll([site(1)]);
    expect(overview.applyUpdate({ site_id: site(3).id, total_emissions_to_date: '1', compliance_status: 'Within Limit' }).kind).toBe(
      'unknown',
    );
  });

  it('loads the list single-flight: many asks while one load runs make exactly one more', async () => {
    const api = fakeApi([[site(1)], [site(1), site(2)]]);
    const overview = new OverviewSites(api);
    const asks = Array.from({ length: 50 }, () => overview.load());
    expect(api.calls).toBe(1);
    api.release.shift()?.();
    await Promise.all(asks);
    await Promise.resolve();
    expect(api.calls).toBe(2);
    api.release.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(api.calls).toBe(2);
    expect(overview.sites?.map((s) => s.name)).toEqual(['site 1', 'site 2']);
  });
});
