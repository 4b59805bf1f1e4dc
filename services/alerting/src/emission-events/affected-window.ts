import { type DerivedEmissionEvent, deriveEmissionEvents, MAX_GAP_US, type StoredRateReading } from './emission-event.rule';

/** The stretch of one sensor's readings that is derived again: from `lo_us` to `hi_us` (reading times, inclusive). */
export type SensorWindow = { sensor_id: string; lo_us: number; hi_us: number };

/** A stored event as far as the window needs it. */
export type EventSpan = { id: string; sensor_id: string; started_at_us: number; ended_at_us: number };

export type ArrivedRateReading = { sensor_id: string; measured_at_us: number; duration_s: number };

/** Where the derivation reads and writes; the database implementation runs inside the caller's transaction. */
export interface EmissionEventStore {
  /** Stored events `touches` holds for, for any window. */
  eventsTouching(windows: readonly SensorWindow[]): Promise<EventSpan[]>;
  /** Stored readings of each window's sensor with `lo_us <= measured_at <= hi_us`, by sensor. */
  readingsIn(windows: readonly SensorWindow[]): Promise<ReadonlyMap<string, readonly StoredRateReading[]>>;
  /** Removes the events that were touched and stores the events derived in their place. */
  replace(removedIds: readonly string[], added: readonly DerivedEmissionEvent[]): Promise<void>;
}

/**
 * A stored event a reading in the window could join or change: it overlaps the window or lies within the
 * 3600 s gap of either end. (Mirrored by the SQL of `EmissionEventsRepository.eventsTouching`.)
 */
export function touches(w: SensorWindow, e: EventSpan): boolean {
  return e.sensor_id === w.sensor_id && e.started_at_us <= w.hi_us + MAX_GAP_US && e.ended_at_us + MAX_GAP_US >= w.lo_us;
}

/** Per sensor: from the earliest new reading to the latest end of a new interval. */
export function windowsOf(arrived: readonly ArrivedRateReading[]): Map<string, SensorWindow> {
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

/** Stretches each window over the events it touches; true when any window grew (so more events may touch it). */
export function widen(windows: Map<string, SensorWindow>, touched: readonly EventSpan[]): boolean {
  let grew = false;
  for (const e of touched) {
    const w = windows.get(e.sensor_id);
    if (!w) continue;
    if (e.started_at_us < w.lo_us) [w.lo_us, grew] = [e.started_at_us, true];
    if (e.ended_at_us > w.hi_us) [w.hi_us, grew] = [e.ended_at_us, true];
  }
  return grew;
}

/**
 * Derives again the events the arrived readings can affect, so late readings split or merge events. The
 * window starts at the earliest new reading and ends at the latest new interval end, widened over every
 * stored event that touches it until none is left out: before the window every sensor is at rest (no event
 * within 3600 s), after it too, so deriving the window alone gives what deriving every reading would.
 */
export async function rederiveAffected(
  store: EmissionEventStore,
  siteId: string,
  arrived: readonly ArrivedRateReading[],
): Promise<DerivedEmissionEvent[]> {
  const windows = windowsOf(arrived);
  let touched = await store.eventsTouching([...windows.values()]);
  while (widen(windows, touched)) touched = await store.eventsTouching([...windows.values()]);
  const readings = await store.readingsIn([...windows.values()]);
  const derived = [...windows.keys()].flatMap((sensor) => deriveEmissionEvents(siteId, sensor, readings.get(sensor) ?? []));
  await store.replace(
    touched.map((e) => e.id),
    derived,
  );
  return derived;
}
