import { displayLocale } from '$lib/format';

function zonedParts(iso: string, zone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(
    new Date(iso),
  );
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** The year a reporting period starts in, read in the site's zone (the `?year=` of its report). */
export function periodStartYear(startIso: string, zone: string): number {
  return zonedParts(startIso, zone).year;
}

/** The reporting years a report can be asked for: the current one first, then the `count - 1` before it. */
export function reportingYears(currentStartYear: number, count = 5): number[] {
  return Array.from({ length: count }, (_, i) => currentStartYear - i);
}

/**
 * "1 Apr 2026 – 31 Mar 2027" for a period given as UTC instants, `end` exclusive: the last day shown is the
 * local day before `end` in the site's zone.
 */
export function formatPeriodDates(startIso: string, endIso: string, zone: string, locale = displayLocale): string {
  const format = new Intl.DateTimeFormat(locale, { timeZone: zone, year: 'numeric', month: 'short', day: 'numeric' });
  const lastInstant = new Date(new Date(endIso).getTime() - 1);
  return `${format.format(new Date(startIso))} – ${format.format(lastInstant)}`;
}
