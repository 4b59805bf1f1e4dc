import type { Site } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { type OverviewView, selectRows, toOverviewRow } from './overview-rows';

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
const rows = [
  toOverviewRow(site('beta', '90', '100'), '2026-01-03T00:00:00Z'),
  toOverviewRow(site('Alpha', '10000000000000000001', '100000000000000000000'), null),
  toOverviewRow(site('gamma', '10000000000000000000', '1000', true), '2026-01-01T00:00:00Z'),
];
const view = (over: Partial<OverviewView>): OverviewView => ({ query: '', status: 'all', sortBy: 'name', descending: false, ...over });
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
    expect(names(view({ status: 'Limit Exceeded' }))).toEqual(['gamma']);
    expect(names(view({ query: 'zzz' }))).toEqual([]);
  });
});
