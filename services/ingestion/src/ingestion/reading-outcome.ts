import { ExactDecimal, formatMass, type NormalizedReading, type ReadingConflict } from '@emissions/contracts';
import { readingKey, sortableInstant } from './reading-key';

export type StoredReading = { measured_at: string; sensor_id: string; value: string };
export type MonthlySum = { month: string; total: string; count: number };

export type ReadingOutcome = {
  accepted: number;
  duplicate: number;
  conflicting: number;
  conflicts: ReadingConflict[];
  acceptedSum: string;
  monthly: MonthlySum[];
  firstMeasuredAt: string | null;
  lastMeasuredAt: string | null;
};

/**
 * Classifies every sent reading. `inserted` are the rows this batch stored; `stored` the rows that were
 * already there for the skipped keys. Within a batch the earliest index of a key is the one inserted
 * (the insert is ordered so), later ones compare against it.
 */
export function classifyReadings(
  sent: readonly NormalizedReading[],
  inserted: readonly StoredReading[],
  stored: readonly StoredReading[],
): ReadingOutcome {
  const insertedByKey = new Map(inserted.map((r) => [readingKey(r.measured_at, r.sensor_id), r.value]));
  const storedByKey = new Map(stored.map((r) => [readingKey(r.measured_at, r.sensor_id), r.value]));
  const acceptedKeys = new Set<string>();
  const out: ReadingOutcome = {
    accepted: 0,
    duplicate: 0,
    conflicting: 0,
    conflicts: [],
    acceptedSum: '0',
    monthly: [],
    firstMeasuredAt: null,
    lastMeasuredAt: null,
  };
  const accepted: NormalizedReading[] = [];
  sent.forEach((reading, index) => {
    const key = readingKey(reading.measured_at, reading.sensor_id);
    if (insertedByKey.has(key) && !acceptedKeys.has(key)) {
      acceptedKeys.add(key);
      accepted.push(reading);
      return;
    }
    const storedValue = insertedByKey.get(key) ?? storedByKey.get(key);
    if (storedValue === undefined) throw new Error(`reading ${index} was neither inserted nor found stored`);
    if (new ExactDecimal(storedValue).equals(reading.value)) {
      out.duplicate++;
    } else {
      out.conflicting++;
      out.conflicts.push({
        index,
        sensor_id: reading.sensor_id,
        measured_at: reading.measured_at,
        stored_value: formatMass(storedValue),
        sent_value: reading.value,
      });
    }
  });
  return { ...out, ...summarizeAccepted(accepted) };
}

function summarizeAccepted(accepted: readonly NormalizedReading[]) {
  const months = new Map<string, { total: ExactDecimal; count: number }>();
  let sum = new ExactDecimal(0);
  let first: string | null = null;
  let last: string | null = null;
  for (const r of accepted) {
    sum = sum.plus(r.value);
    const month = `${r.measured_at.slice(0, 7)}-01`;
    const m = months.get(month) ?? { total: new ExactDecimal(0), count: 0 };
    months.set(month, { total: m.total.plus(r.value), count: m.count + 1 });
    if (first === null || sortableInstant(r.measured_at) < sortableInstant(first)) first = r.measured_at;
    if (last === null || sortableInstant(r.measured_at) > sortableInstant(last)) last = r.measured_at;
  }
  const monthly = [...months.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, m]) => ({ month, total: formatMass(m.total), count: m.count }));
  return { accepted: accepted.length, acceptedSum: formatMass(sum), monthly, firstMeasuredAt: first, lastMeasuredAt: last };
}
