import { compareMasses, type NormalizedReading, type ReadingConflict } from '@emissions/contracts';

/**
 * The rules of a batch's readings, decided in TypeScript. A reading's natural key is (site, sensor, time);
 * the first reading of a key in the batch is the one offered for storage, a later one with the same key is
 * judged against what is stored for that key (the first reading's value, or an older stored reading's).
 */
export type BatchPlan = {
  /** Indexes of the first reading of each key, in batch order: what the batch tries to store. */
  readonly firsts: readonly number[];
  /** For every reading, the index of the first reading with its key (itself for a first). */
  readonly firstOf: readonly number[];
};

export function planBatch(readings: readonly NormalizedReading[]): BatchPlan {
  const seen = new Map<string, number>();
  const firsts: number[] = [];
  const firstOf: number[] = [];
  for (let i = 0; i < readings.length; i++) {
    const key = `${readings[i].measured_at}\u0000${readings[i].sensor_id}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      firsts.push(i);
      firstOf.push(i);
    } else firstOf.push(first);
  }
  return { firsts, firstOf };
}

export type ReadingsOutcome = {
  readings_accepted: number;
  readings_duplicate: number;
  readings_conflicting: number;
  conflicts: ReadingConflict[];
};

/** Nothing was stored before this batch: every first reading is accepted. */
export const NOTHING_STORED_BEFORE: ReadonlyMap<number, string> = new Map();

/**
 * Counts and conflicts of a batch. `storedBefore` maps the index of a first reading whose key was already
 * stored (by another batch) to the stored value; every other first reading was accepted. A skipped reading
 * with the stored value is a duplicate, with another value a conflict, and a stored value is never replaced.
 */
export function classifyReadings(
  readings: readonly NormalizedReading[],
  plan: BatchPlan,
  storedBefore: ReadonlyMap<number, string>,
): ReadingsOutcome {
  const outcome: ReadingsOutcome = { readings_accepted: 0, readings_duplicate: 0, readings_conflicting: 0, conflicts: [] };
  for (let i = 0; i < readings.length; i++) {
    const first = plan.firstOf[i];
    const stored = storedBefore.get(first) ?? (first === i ? undefined : readings[first].value);
    if (stored === undefined) {
      outcome.readings_accepted++;
      continue;
    }
    const sent = readings[i];
    if (compareMasses(sent.value, stored) === 0) {
      outcome.readings_duplicate++;
      continue;
    }
    outcome.readings_conflicting++;
    outcome.conflicts.push({
      index: i,
      sensor_id: sent.sensor_id,
      measured_at: sent.measured_at,
      stored_value: stored,
      sent_value: sent.value,
    });
  }
  return outcome;
}
