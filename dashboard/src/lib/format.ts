import { ExactDecimal } from '@emissions/contracts';

/**
 * One locale for every number and date on the page: the browser's (en-US where there is none, as in tests).
 * Numbers are exact decimal strings, so only the locale's separators are borrowed, never a float rounding.
 */
export const displayLocale: string = typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-US';

function separators(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
}

/** "1234567.5" → "1,234,567.5" (en-US) or "1.234.567,5" (de-DE), exactly. */
export function formatDecimal(value: string, locale = displayLocale): string {
  const { group, decimal } = separators(locale);
  const [integer, fraction] = value.split('.');
  const negative = integer.startsWith('-');
  const digits = negative ? integer.slice(1) : integer;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${negative ? '-' : ''}${grouped}${fraction ? `${decimal}${fraction}` : ''}`;
}

export const formatKg = (value: string, locale = displayLocale) => `${formatDecimal(value, locale)} kg`;

/** total / limit in percent, 2 decimals, computed exactly like the API's utilization_pct. */
export function utilizationPct(total: string, limit: string): number {
  const limitValue = new ExactDecimal(limit);
  if (limitValue.isZero()) return 0;
  return new ExactDecimal(total).div(limitValue).times(100).toDecimalPlaces(2).toNumber();
}

/**
 * A utilisation for people: 2 decimals up to 1,000 %, then "12.3k × the limit"-style compact multiples, so a
 * tiny limit never prints an 18-digit percentage. Over the limit it never reads as 100.00 % or less.
 */
export function formatUtilization(percent: number, exceeded: boolean, locale = displayLocale): string {
  if (percent >= 1000) {
    const times = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(percent / 100);
    return `${times} × the limit`;
  }
  const fixed = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (exceeded && percent <= 100) return `> ${fixed.format(100)} %`;
  return `${fixed.format(percent)} %`;
}

/** Time zone of a site when the API gives one (an IANA name), else UTC. */
export function siteTimeZone(site: object | null | undefined): string {
  const zone = site && 'timezone' in site ? site.timezone : undefined;
  return typeof zone === 'string' && zone ? zone : 'UTC';
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(zone: string, locale: string): Intl.DateTimeFormat {
  const key = `${locale}|${zone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    };
    try {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    } catch {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }); // an unknown zone name: say UTC, honestly
    }
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** A moment, always labelled with the zone it is shown in ("Nov 27, 2026, 10:00 AM UTC"). */
export function formatDateTime(iso: string | null | undefined, zone = 'UTC', locale = displayLocale): string {
  if (!iso) return 'No readings yet';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : dateTimeFormat(zone, locale).format(at);
}

/** Clock time of this browser's own moment (e.g. "stale since"), with its zone. */
export function formatTime(at: Date, locale = displayLocale): string {
  return at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
}
