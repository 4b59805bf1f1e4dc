/** The natural key of a reading within one site, as text: both sides must use normalised timestamps. */
export function readingKey(measuredAt: string, sensorId: string): string {
  return `${measuredAt}\u0000${sensorId}`;
}

/** Orders normalised ISO instants correctly even when their fraction lengths differ ("…00Z" vs "…00.5Z"). */
export function sortableInstant(iso: string): string {
  const [seconds, fraction = ''] = iso.slice(0, -1).split('.');
  return `${seconds}.${fraction.padEnd(6, '0')}`;
}
