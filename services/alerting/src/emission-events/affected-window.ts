import {
  atOrAboveThreshold,
  type DerivedEmissionEvent,
  deriveEmissionEvents,
  MAX_GAP_US,
  type StoredRateReading,
} from './emission-event.rule';

/** The stretch of one sensor's readings that is derived again: from `lo_us` to `hi_us` (reading times, inclusive). */
export type SensorWindow = { sensor_id: string; lo_us: number; hi_us: number };

/** A stored event as far as the window needs it; `last_measured_at_us` is the `measured_at` of its last reading. */
export type EventSpan = { id: string; sensor_id: string; started_at_us: number; ended_at_us: number; last_measured_at_us: number };

/** A newly stored reading, with its rate and the threshold it is judged by. */
export type ArrivedRateReading = {
  sensor_id: string;
  measured_at_us: number;
  duration_s: number;
  rate_kg_h: string;
  threshold_kg_h: string;
};

/** Where a reading's interval lies: what a window is made of. */
export type ReadingInterval = Pick<ArrivedRateReading, 'sensor_id' | 'measured_at_us' | 'duration_s'>;

/** Where the derivation reads; the database implementation runs inside the caller's transaction. */
export interface EmissionEventStore {
  /** Stored readings of each window's sensor with `lo_us <= measured_at <= hi_us`, by sensor. */
  readingsIn(windows: readonly SensorWindow[]): Promise<ReadonlyMap<string, readonly StoredRateReading[]>>;
}

/**
 * What the insert statement reads ahead for the sensors a batch may derive again (any reading at or above the
 * threshold, or a stored event touching its window): `coverage`, per sensor, the batch's window widened once
 * over the events touching it (`widenOnce`); `readings`, every reading of the sensor within its coverage, the
 * arrived ones included. The derivation's windows lie within the coverage, so it reads nothing of its own.
 */
export type ReadAhead = {
  coverage: ReadonlyMap<string, { lo_us: number; hi_us: number }>;
  readings: ReadonlyMap<string, readonly StoredRateReading[]>;
};

/** Whether every window lies within the read-ahead's coverage of its sensor. */
export function coveredBy(ahead: ReadAhead, windows: ReadonlyMap<string, SensorWindow>): boolean {
  for (const w of windows.values()) {
    const c = ahead.coverage.get(w.sensor_id);
    if (!c || w.lo_us < c.lo_us || w.hi_us > c.hi_us) return false;
  }
  return true;
}

/** `EmissionEventStore.readingsIn` answered from the read-ahead (the windows must be `coveredBy` it). */
function readingsWithin(ahead: ReadAhead, windows: ReadonlyMap<string, SensorWindow>): Map<string, StoredRateReading[]> {
  const bySensor = new Map<string, StoredRateReading[]>();
  for (const w of windows.values()) {
    const all = ahead.readings.get(w.sensor_id) ?? [];
    bySensor.set(
      w.sensor_id,
      all.filter((r) => r.measured_at_us >= w.lo_us && r.measured_at_us <= w.hi_us),
    );
  }
  return bySensor;
}

/** What a derivation changes: the touched events it removes and the events derived in their place. */
export type EmissionEventsChange = { removedIds: string[]; derived: DerivedEmissionEvent[] };

/**
 * A stored event a reading in the window could join or change: it overlaps the window or lies within the
 * 3600 s gap of either end. (Mirrored by the SQL of `EmissionEventsRepository.eventsTouching`.)
 */
export function touches(w: SensorWindow, e: EventSpan): boolean {
  return e.sensor_id === w.sensor_id && e.started_at_us <= w.hi_us + MAX_GAP_US && e.ended_at_us + MAX_GAP_US >= w.lo_us;
}

/** Per sensor: from the earliest new reading to the latest end of a new interval. */
export function windowsOf(arrived: readonly ReadingInterval[]): Map<string, SensorWindow> {
  const windows = new Map<string, SensorWindow>();
  for (const r of arrived) {
    const end = r.measured_at_us + r.duration_s * 1_000_000;
    const w = windows.get(r.sensor_id);
    if (!w) windows.set(r.sensor_id, { sensor_id: r.sensor_id, lo_us: r.measured_at_us, hi_us: end });
    else {
      w.lo_us = Math.min(w.lo_us, r.measured_at_us);
      w.hi_us = Math.max(w.hi_us, end);
    }
  }
  return windows;
}

/**
 * Stretches each window once over the events touching it: from the earliest first reading to the latest last
 * reading (`last_measured_at`, not `ended_at`: a reading's interval may reach past readings of other events).
 * (Mirrored by the `coverage` of `readingsAndEventsStatement`.)
 */
export function widenOnce(windows: Map<string, SensorWindow>, touched: readonly EventSpan[]): void {
  for (const e of touched) {
    const w = windows.get(e.sensor_id);
    if (!w) continue;
    w.lo_us = Math.min(w.lo_us, e.started_at_us);
    w.hi_us = Math.max(w.hi_us, e.last_measured_at_us);
  }
}

/**
 * The sensors whose arrived readings cannot change any event, so deriving them again is skipped: every
 * arrived reading of the sensor is below its threshold and none lies strictly between the first and the
 * last reading of a stored event of that sensor (`touched` must hold every stored event touching the
 * sensor's window, as `eventsTouching` returns them).
 *
 * Why this is exact. An event is a maximal run of at-or-above readings in time order; a below-threshold
 * reading takes part only by ending the run it follows (it never joins one, and its interval does not count).
 * Adding such readings leaves the at-or-above readings and every gap between them as they were, so a run
 * changes only if an added reading falls between two of its consecutive readings, i.e. strictly inside
 * (started_at, last_measured_at) of a stored event: that splits it (the late quiet reading of the contract),
 * and the shortcut must not apply. Anywhere else (before an event's first reading, after its last one, even
 * inside its last interval, or between two events) the reading already separates runs that were separate,
 * so every stored event stays what a full derivation would give. Times are unique per sensor (the primary
 * key), so "strictly" is never a tie. One at-or-above reading of the sensor rules the shortcut out.
 */
export function sensorsUnaffected(arrived: readonly ArrivedRateReading[], touched: readonly EventSpan[]): Set<string> {
  const candidates = new Map<string, number[]>();
  const excluded = new Set<string>();
  for (const r of arrived) {
    if (atOrAboveThreshold(r.rate_kg_h, r.threshold_kg_h)) excluded.add(r.sensor_id);
    else candidates.set(r.sensor_id, [...(candidates.get(r.sensor_id) ?? []), r.measured_at_us]);
  }
  for (const e of touched) {
    const times = candidates.get(e.sensor_id);
    if (times?.some((t) => e.started_at_us < t && t < e.last_measured_at_us)) excluded.add(e.sensor_id);
  }
  return new Set([...candidates.keys()].filter((s) => !excluded.has(s)));
}

/**
 * Derives again the events the arrived readings can affect, so late readings split or merge events.
 *
 * Which events those are. An event is a run of consecutive readings (in time order) at or above the threshold, so
 * the readings strictly between an event's first and last reading are its own. An arrived reading changes an
 * event only by joining it (it lies within 3600 s after the event's end or before its start), splitting it (it
 * lies inside it) or joining two events into one (both within that reach): each such event `touches` the window
 * of the arrived readings (from the earliest one to the latest end of their intervals). A join reaches no further:
 * two events that were apart stay apart through their own readings' ends (the later one started more than 3600 s
 * after the earlier one's end, or a quiet reading lies between them), so only an arrived interval's end, which
 * lies in the window, can reach another event, and that event touches the window.
 *
 * What is read. The window is widened once over the touched events (`widenOnce`), from their first reading to
 * their last, and every reading in it is derived again. No untouched event straddles that window's ends (an end is
 * either an arrived reading's reach, where a straddling event would touch the window, or a touched event's first
 * or last reading, inside no other event), so an untouched event is either outside the window or wholly inside it
 * — where it lies between touched events and is derived again exactly as stored (its readings and the state before
 * it are unchanged): the upsert by id leaves it as it was. The touched events not derived again are removed. So
 * the derivation reads the touched events and the readings around the batch, never a whole chain of events that
 * follow each other within the gap.
 *
 * Sensors whose readings cannot change any event (`sensorsUnaffected`) are left out. `touchingBatch` holds the
 * stored events touching the windows of the whole batch (read with its insert); the windows of the arrived
 * readings lie within those, so the events touching them are among these. With `ahead` (what the insert
 * statement read ahead) the derivation reads nothing more. Returns the change; the caller writes it (in one
 * statement with the alerts it raises).
 */
export async function rederiveAffected(
  store: EmissionEventStore,
  siteId: string,
  arrived: readonly ArrivedRateReading[],
  touchingBatch: readonly EventSpan[],
  ahead?: ReadAhead,
): Promise<EmissionEventsChange> {
  const windows = windowsOf(arrived);
  let touched = touchingBatch.filter((e) => {
    const w = windows.get(e.sensor_id);
    return w !== undefined && touches(w, e);
  });
  const unaffected = sensorsUnaffected(arrived, touched);
  if (unaffected.size > 0) {
    for (const sensor of unaffected) windows.delete(sensor);
    touched = touched.filter((e) => windows.has(e.sensor_id));
    if (windows.size === 0) return { removedIds: [], derived: [] };
  }
  widenOnce(windows, touched);
  const readings = ahead && coveredBy(ahead, windows) ? readingsWithin(ahead, windows) : await store.readingsIn([...windows.values()]);
  const derived = [...windows.keys()].flatMap((sensor) => deriveEmissionEvents(siteId, sensor, readings.get(sensor) ?? []));
  return { removedIds: touched.map((e) => e.id), derived };
}
