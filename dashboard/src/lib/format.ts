import { ExactDecimal } from '@emissions/contracts';

/** "1234567.5" → "1,234,567.5", exactly (no float rounding of the decimal string). */
export function formatDecimal(value: string): string {
  const [integer, fraction] = value.split('.');
  const negative = integer.startsWith('-');
  const digits = negative ? integer.slice(1) : integer;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

export const formatKg = (value: string) => `${formatDecimal(value)} kg`;

/** total / limit in percent, 2 decimals, computed exactly like the API's utilization_pct. */
export function utilizationPct(total: string, limit: string): number {
  const limitValue = new ExactDecimal(limit);
  if (limitValue.isZero()) return 0;
  return new ExactDecimal(total).div(limitValue).times(100).toDecimalPlaces(2).toNumber();
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return 'No readings yet';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : dateTime.format(at);
}

export function formatTime(at: Date): string {
  return at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
