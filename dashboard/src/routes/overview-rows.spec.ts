import type { Site } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { countRows, DEFAULT_VIEW, metadataChoices, type OverviewView, selectRows, toOverviewRow } from './overview-rows';
import { viewFromUrl, viewToQuery } from './overview-url';

let n = 0;
const site = (name: string, total: string, limit: string, exceeded = false): Site => ({
  id: `6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c${String(++n).padStart(2, '0')}`,
  name,
  emission_limit: limit,
  metadata: {},
  total_emissions_to_date: total,
  compliance_status: exceeded ? 'Limit Exceeded' : 'Within Limit',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});
const at = (s: Site, last: string | null): Site => ({ ...s, last_measured_at: last });
const rows = [
  toOverviewRow(at({ ...site('beta', '90', '100'), metadata: { basin: 'Permian' } }, '2026-01-03T00:00:00Z')),
  toOverviewRow(at(site('Alpha', '10000000000000000001', '100000000000000000000'), null)),
  toOverviewRow(at({ ...site('gamma', '10000000000000000000', '1000', true), metadata: { basin: 'Bakken' } }, '2026-01-01T00:00:00Z')),
];
const view = (over: Partial<OverviewView>): OverviewView => ({ ...DEFAULT_VIEW, sortBy: 'name', descending: false, ...over });
const names = (v: OverviewView) => selectRows(rows, v).map((r) => r.site.name);

describe('selectRows', () => {
  it('sorts by name case-insensitively, and by other keys either way', () => {
    expect(names(view({}))).toEqual(['Alpha', 'beta', 'gamma']);
    expect(names(view({ sortBy: 'utilization', descending: true }))).toEqual(['gamma', 'beta', 'Alpha']);
    expect(names(view({ sortBy: 'last_reading' }))).toEqual(['Alpha', 'gamma', 'beta']);
  });

  it('compares totals exactly, beyond a double’s precision', () => {
    expect(names(view({ sortBy: 'total', descending: true }))).toEqual(['Alpha', 'gamma', 'beta']);
  });

  it('filters by name and by compliance status', () => {
    expect(names(view({ query: 'ALP' }))).toEqual(['Alpha']);
    expect(names(view({ status: 'exceeded' }))).toEqual(['gamma']);
    expect(names(view({ status: 'near' }))).toEqual(['beta']);
    expect(names(view({ query: 'zzz' }))).toEqual([]);
  });
});

describe('overview triage', () => {
  it('puts the worst site first by default: exceeded, then the highest utilization', () => {
    expect(selectRows(rows, DEFAULT_VIEW).map((r) => r.site.name)).toEqual(['gamma', 'beta', 'Alpha']);
  });

  it("filters by a metadata value and offers each key's values", () => {
    expect(names(view({ metaKey: 'basin', metaValue: 'Permian' }))).toEqual(['beta']);
    expect([...metadataChoices(rows.map((r) => r.site))]).toEqual([['basin', ['Bakken', 'Permian']]]);
  });

  it('counts sites, exceeded and near-limit ones for the tiles', () => {
    expect(countRows(rows)).toEqual({ sites: 3, exceeded: 1, near: 1 });
  });

  it('keeps the view in the URL and reads it back; the default view is a plain URL', () => {
    const v = view({ query: 'pad', status: 'near', metaKey: 'basin', metaValue: 'Permian', sortBy: 'total', descending: false, page: 3 });
    expect(viewFromUrl(new URLSearchParams(viewToQuery(v)))).toEqual(v);
    expect(viewToQuery(DEFAULT_VIEW)).toBe('');
    expect(viewFromUrl(new URLSearchParams('sort=evil&status=nope&page=-2'))).toEqual(DEFAULT_VIEW);
  });
});
