import type { SiteSummary } from '@emissions/contracts';
import { ExactDecimal } from '@emissions/contracts';
import { utilizationPct } from '$lib/format';

export interface OverviewRow {
  site: SiteSummary;
  utilization: number;
  exceeded: boolean;
  /** At or above the near-limit threshold, not exceeded. */
  near: boolean;
}

export type SortKey = 'name' | 'limit' | 'total' | 'utilization' | 'last_reading';
export type StatusFilter = 'all' | 'exceeded' | 'near' | 'within';

export interface OverviewView {
  query: string;
  status: StatusFilter;
  /** Metadata filter: a key and one of its values ('' = no filter). */
  metaKey: string;
  metaValue: string;
  sortBy: SortKey;
  descending: boolean;
  /** 1-based page of PAGE_SIZE rows. */
  page: number;
}

export const PAGE_SIZE = 50;
/** Worst first: the sites an operator must look at lead. */
export const DEFAULT_VIEW: OverviewView = {
  query: '',
  status: 'all',
  metaKey: '',
  metaValue: '',
  sortBy: 'utilization',
  descending: true,
  page: 1,
};

export const SORT_LABELS: Record<SortKey, string> = {
  name: 'Site',
  limit: 'Limit',
  total: 'Total to date',
  utilization: 'Utilization',
  last_reading: 'Last reading',
};

/** The near-limit share, per site when the API has one (`near_limit_pct`), else 80 %. */
function nearLimitPct(site: SiteSummary): number {
  const pct = 'near_limit_pct' in site ? Number(site.near_limit_pct) : Number.NaN;
  return Number.isFinite(pct) ? pct : 80;
}

export function toOverviewRow(site: SiteSummary): OverviewRow {
  const utilization = utilizationPct(site.total_emissions_to_date, site.emission_limit);
  const exceeded = site.compliance_status === 'Limit Exceeded';
  return { site, utilization, exceeded, near: !exceeded && utilization >= nearLimitPct(site) };
}

const time = (row: OverviewRow) => (row.site.last_measured_at ? Date.parse(row.site.last_measured_at) : 0);
const compareBy: Record<SortKey, (a: OverviewRow, b: OverviewRow) => number> = {
  name: (a, b) => a.site.name.localeCompare(b.site.name, undefined, { sensitivity: 'base' }),
  // Exact comparison: masses are decimal strings that may exceed a double's precision.
  limit: (a, b) => new ExactDecimal(a.site.emission_limit).comparedTo(b.site.emission_limit),
  total: (a, b) => new ExactDecimal(a.site.total_emissions_to_date).comparedTo(b.site.total_emissions_to_date),
  // Status first: an exceeded site is worse than any within one, even when both round to 100.00 %.
  utilization: (a, b) => Number(a.exceeded) - Number(b.exceeded) || a.utilization - b.utilization,
  last_reading: (a, b) => time(a) - time(b),
};

const statusMatches: Record<StatusFilter, (r: OverviewRow) => boolean> = {
  all: () => true,
  exceeded: (r) => r.exceeded,
  near: (r) => r.near,
  within: (r) => !r.exceeded,
};

/** A metadata value as a filter option: scalars only (objects and lists are not offered). */
export function metadataText(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

/** Filters by name, status and metadata, then sorts; ties fall back to the name so the order is stable. */
export function selectRows(rows: readonly OverviewRow[], view: OverviewView): OverviewRow[] {
  const needle = view.query.trim().toLocaleLowerCase();
  const direction = view.descending ? -1 : 1;
  return rows
    .filter(statusMatches[view.status])
    .filter((r) => !needle || r.site.name.toLocaleLowerCase().includes(needle))
    .filter((r) => !view.metaKey || metadataText(r.site.metadata[view.metaKey]) === view.metaValue)
    .sort((a, b) => direction * compareBy[view.sortBy](a, b) || compareBy.name(a, b));
}

/** Metadata keys with their distinct scalar values, for the filter's choices. */
export function metadataChoices(sites: readonly SiteSummary[]): Map<string, string[]> {
  const choices = new Map<string, Set<string>>();
  for (const site of sites) {
    for (const [key, value] of Object.entries(site.metadata)) {
      const text = metadataText(value);
      if (text !== null) choices.set(key, (choices.get(key) ?? new Set()).add(text));
    }
  }
  return new Map([...choices].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

export interface OverviewCounts {
  sites: number;
  exceeded: number;
  near: number;
}

export function countRows(rows: readonly OverviewRow[]): OverviewCounts {
  let exceeded = 0;
  let near = 0;
  for (const r of rows) {
    if (r.exceeded) exceeded++;
    else if (r.near) near++;
  }
  return { sites: rows.length, exceeded, near };
}
