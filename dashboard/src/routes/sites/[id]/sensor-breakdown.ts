import type { SensorBreakdown } from '@emissions/contracts';
import { formatDecimal } from '$lib/format';

/** The ranges the panel offers, in whole local months of the site's zone (what the API's rollup can answer). */
export const SENSOR_RANGES = ['all', 'this-month', 'last-12-months'] as const;
export type SensorRange = (typeof SENSOR_RANGES)[number];

export const SENSOR_RANGE_LABELS: Record<SensorRange, string> = {
  all: 'All time',
  'this-month': 'This month',
  'last-12-months': 'Last 12 months',
};

const monthText = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** The month `by` months after `year-month` (negative: before), as `YYYY-MM`. */
function shiftMonth(year: number, month: number, by: number): string {
  const index = year * 12 + (month - 1) + by;
  return monthText(Math.floor(index / 12), (index % 12) + 1);
}

/** The `from`/`to` query (local months, `to` exclusive) of a range at `now`, in the site's `zone`. */
export function rangeQuery(range: SensorRange, now: Date, zone: string): { from?: string; to?: string } {
  if (range === 'all') return {};
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric' }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  const next = shiftMonth(year, month, 1);
  return range === 'this-month' ? { from: monthText(year, month), to: next } : { from: shiftMonth(year, month, -11), to: next };
}

export type SensorRow = { sensor: string; kg: string; readings: number; share: string; barPct: number; last: string };

/**
 * Rows to show, worst first as the API orders them. The bar is relative to the largest sensor and only drawn (a float is
 * fine for a width); the figures shown are the API's exact strings.
 */
export function sensorRows(breakdown: SensorBreakdown): SensorRow[] {
  const largest = breakdown.data[0] ? Number(breakdown.data[0].total_kg) : 0;
  return breakdown.data.map((s) => ({
    sensor: s.sensor_id,
    kg: formatDecimal(s.total_kg),
    readings: s.readings,
    share: s.share_pct === null ? '–' : `${s.share_pct.toFixed(2)} %`,
    barPct: largest > 0 ? Math.round((Number(s.total_kg) / largest) * 100) : 0,
    last: s.last_measured_at,
  }));
}
