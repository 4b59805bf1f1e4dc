import { createHash } from 'node:crypto';
import type { NormalizedReading } from '@emissions/contracts';

/**
 * SHA-256 of the canonical payload: site id plus readings sorted and already normalised (UTC `Z`
 * timestamps, canonical decimals), so reordering, "5.50" vs 5.5 or "+00:00" vs "Z" hash the same.
 * It is the key of a v1 request that sent none, and the check that a reused key carries the same payload.
 * A rate reading adds its rate (kg/h) and interval, so the same mass sent as a rate is another payload;
 * a mass reading keeps its three fields, so fingerprints stored before rates existed still match.
 */
export function payloadFingerprint(siteId: string, readings: readonly NormalizedReading[]): string {
  const canonical = readings.map(canonicalReading).sort((a, b) => compareTuples(a, b));
  return createHash('sha256')
    .update(JSON.stringify([siteId.toLowerCase(), canonical]))
    .digest('hex');
}

function canonicalReading(r: NormalizedReading): readonly string[] {
  const mass = [r.sensor_id, r.measured_at, r.value];
  return r.rate_kg_h === undefined ? mass : [...mass, r.rate_kg_h, String(r.duration_s)];
}

function compareTuples(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}
