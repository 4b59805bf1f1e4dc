import { createHash } from 'node:crypto';
import { addMasses, compareMasses } from '@emissions/contracts';

/** Two readings of an event start at most this long after the event so far ended (the contract's 3600 s). */
export const MAX_GAP_US = 3600 * 1_000_000;

/** A stored rate reading of one sensor; times in microseconds since the epoch (PostgreSQL's precision). */
export type StoredRateReading = {
  readonly measured_at_us: number;
  readonly duration_s: number;
  readonly rate_kg_h: string;
  readonly mass_kg: string;
  /** The site's super-emitter threshold when the reading's batch committed. */
  readonly threshold_kg_h: string;
};

export type DerivedEmissionEvent = {
  id: string;
  sensor_id: string;
  started_at_us: number;
  /** End of the latest-ending interval of the event. */
  ended_at_us: number;
  /** `measured_at` of its last reading: with `started_at_us`, the range an alert's start instant is matched in. */
  last_measured_at_us: number;
  peak_rate_kg_h: string;
  mass_kg: string;
  readings: number;
};

/** Whether a reading belongs to an event at all: its rate at or above the threshold it is judged by. */
export function atOrAboveThreshold(rateKgH: string, thresholdKgH: string): boolean {
  return compareMasses(rateKgH, thresholdKgH) >= 0;
}

/**
 * The emission events of one sensor: runs of readings at or above their threshold, each starting at most
 * 3600 s after the run so far ended (the latest end of its intervals, which is the previous reading's end
 * unless intervals overlap); a below-threshold reading or a longer gap ends a run. A pure function of the
 * set of readings: their order in `readings` does not matter, and the id depends only on site, sensor
 * and start, so the same readings give the same events however they arrived.
 */
export function deriveEmissionEvents(siteId: string, sensorId: string, readings: readonly StoredRateReading[]): DerivedEmissionEvent[] {
  const sorted = [...readings].sort((a, b) => a.measured_at_us - b.measured_at_us);
  const events: DerivedEmissionEvent[] = [];
  const masses: string[][] = [];
  let current: DerivedEmissionEvent | null = null;
  for (const r of sorted) {
    if (!atOrAboveThreshold(r.rate_kg_h, r.threshold_kg_h)) {
      current = null;
      continue;
    }
    const end = r.measured_at_us + r.duration_s * 1_000_000;
    if (current && r.measured_at_us - current.ended_at_us <= MAX_GAP_US) {
      current.ended_at_us = Math.max(current.ended_at_us, end);
      current.last_measured_at_us = r.measured_at_us;
      if (compareMasses(r.rate_kg_h, current.peak_rate_kg_h) > 0) current.peak_rate_kg_h = r.rate_kg_h;
      current.readings++;
      masses[masses.length - 1].push(r.mass_kg);
      continue;
    }
    current = {
      id: emissionEventId(siteId, sensorId, r.measured_at_us),
      sensor_id: sensorId,
      started_at_us: r.measured_at_us,
      ended_at_us: end,
      last_measured_at_us: r.measured_at_us,
      peak_rate_kg_h: r.rate_kg_h,
      mass_kg: '0',
      readings: 1,
    };
    events.push(current);
    masses.push([r.mass_kg]);
  }
  return events.map((e, i) => ({ ...e, mass_kg: addMasses(masses[i]) }));
}

/** A name-based UUID (version 5 layout, SHA-1) of site, sensor and start: an event's id is a function of its readings. */
export function emissionEventId(siteId: string, sensorId: string, startedAtUs: number): string {
  const hex = createHash('sha1').update(`emission-event\u0000${siteId.toLowerCase()}\u0000${sensorId}\u0000${startedAtUs}`).digest('hex');
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Microseconds since the epoch as ISO-8601 UTC (`Z`), fractional digits only as many as needed. */
export function isoOfMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const base = new Date(ms).toISOString().slice(0, 19);
  const fraction = `${String(ms % 1000).padStart(3, '0')}${String(us % 1000).padStart(3, '0')}`.replace(/0+$/, '');
  return fraction ? `${base}.${fraction}Z` : `${base}Z`;
}

/** ISO-8601 (any offset, up to microseconds) as microseconds since the epoch. */
export function microsOfIso(iso: string): number {
  const fraction = /\.(\d+)/.exec(iso)?.[1] ?? '';
  const micros = Number(fraction.padEnd(6, '0').slice(3, 6));
  return Date.parse(iso) * 1000 + micros;
}
