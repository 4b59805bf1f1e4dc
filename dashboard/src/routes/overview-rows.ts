import type { ComplianceStatus, Site } from '@emissions/contracts';
import { ExactDecimal } from '@emissions/contracts';
import { utilizationPct } from '$lib/format';

export interface OverviewRow {
  site: Site;
  utilization: number;
  /** undefined while still loading, null when the site has no readings. */
  lastMeasuredAt: string | null | undefined;
}

export type SortKey = 'name' | 'total' | 'utilization' | 'last_reading';
export type StatusFilter = 'all' | ComplianceStatus;

export interface OverviewView {
  query: string;
  status: StatusFilter;
  sortBy: SortKey;
  descending: boolean;
}

export const SORT_LABELS: Record<SortKey, string> = {
  name: 'Name',
  total: 'Total emissions',
  utilization: 'Utilization',
  last_reading: 'Last reading',
};

export function toOverviewRow(site: Site, lastMeasuredAt: string | null | undefined): OverviewRow {
  return { site, utilization: utilizationPct(site.total_emissions_to_date, site.emission_limit), lastMeasuredAt };
}

const compareBy: Record<SortKey, (a: OverviewRow, b: OverviewRow) => number> = {
  name: (a, b) => a.site.name.localeCompare(b.site.name, undefined, { sensitivity: 'base' }),
  // Exact comparison: totals are decimal strings that may exceed a double's precision.
  total: (a, b) => new ExactDecimal(a.site.total_emissions_to_date).comparedTo(b.site.total_emissions_to_date),
  utilization: (a, b) => a.utilization - b.utilization,
  last_reading: (a, b) => (a.lastMeasuredAt ? Date.parse(a.lastMeasuredAt) : 0) - (b.lastMeasuredAt ? Date.parse(b.lastMeasuredAt) : 0),
};

/** Filters by name and status, then sorts; ties fall back to the name so the order is stable. */
export function selectRows(rows: readonly OverviewRow[], view: OverviewView): OverviewRow[] {
  const needle = view.query.trim().toLocaleLowerCase();
  const direction = view.descending ? -1 : 1;
  return rows
    .filter((r) => view.status === 'all' || r.site.compliance_status === view.status)
    .filter((r) => !needle || r.site.name.toLocaleLowerCase().includes(needle))
    .sort((a, b) => direction * compareBy[view.sortBy](a, b) || compareBy.name(a, b));
}
