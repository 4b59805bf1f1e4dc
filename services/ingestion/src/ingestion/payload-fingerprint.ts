import { createHash } from 'node:crypto';
import type { NormalizedReading } from '@emissions/contracts';

/**
 * SHA-256 of the canonical payload: site id plus readings sorted and already normalised (UTC `Z`
 * timestamps, canonical decimals), so reordering, "5.50" vs 5.5 or "+00:00" vs "Z" hash the same.
 * It is the key of a v1 request that sent none, and the check that a reused key carries the same payload.
 */
export function payloadFingerprint(siteId: string, readings: readonly NormalizedReading[]): string {
  const canonical = readings.map((r) => [r.sensor_id, r.measured_at, r.value] as const).sort((a, b) => compareTuples(a, b));
  return createHash('sha256')
    .update(JSON.stringify([siteId.toLowerCase(), canonical]))
    .digest('hex');
}

function compareTuples(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
