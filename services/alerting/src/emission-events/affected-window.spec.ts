import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type ArrivedRateReading,
  type EmissionEventStore,
  type EventSpan,
  type ReadAhead,
  rederiveAffected,
  type SensorWindow,
  sensorsUnaffected,
  touches,
  windowsOf,
} from './affected-window';
import { atOrAboveThreshold, type DerivedEmissionEvent, deriveEmissionEvents, type StoredRateReading } from './emission-event.rule';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
const T0 = Date.UTC(2026, 0, 1) * 1000;

type Reading = StoredRateReading & { sensor_id: string };

/** The store as plain arrays: the same contract the SQL repository implements. */
class InMemoryStore implements EmissionEventStore {
  readonly readings: Reading[] = [];
  readonly events = new Map<string, DerivedEmissionEvent>();
  /** The sensors of every `readingsIn` call: which sensors were derived again. */
  readonly derivedSensors: string[][] = [];
  /** The windows of every `readingsIn` call. */
  readonly windowsRead: SensorWindow[] = [];

  async eventsTouching(windows: readonly SensorWindow[]): Promise<EventSpan[]> {
    return [...this.events.values()].filter((e) => windows.some((w) => touches(w, e)));
  }

  async readingsIn(windows: readonly SensorWindow[]): Promise<ReadonlyMap<string, readonly StoredRateReading[]>> {
    this.derivedSensors.push(windows.map((w) => w.sensor_id));
    this.windowsRead.push(...windows.map((w) => ({ ...w })));
    return this.readingsWithin(windows);
  }

  private readingsWithin(windows: readonly SensorWindow[]): Map<string, StoredRateReading[]> {
    const bySensor = new Map<string, StoredRateReading[]>();
    for (const w of windows) {
      bySensor.set(
        w.sensor_id,
        this.readings.filter((r) => r.sensor_id === w.sensor_id && r.measured_at_us >= w.lo_us && r.measured_at_us <= w.hi_us),
      );
    }
    return bySensor;
  }

  /**
   * As the SQL writes a change: removed events deleted, derived ones upserted by id. An event derived again
   * without being removed must be derived exactly as stored (the claim of `rederiveAffected`), or this throws.
   */
  async replace(removedIds: readonly string[], added: readonly DerivedEmissionEvent[]): Promise<void> {
    for (const id of removedIds) this.events.delete(id);
    for (const e of added) {
      const stored = this.events.get(e.id);
      if (stored && !isDeepStrictEqual(stored, e)) throw new Error(`event ${e.id} changed without being removed`);
      this.events.set(e.id, e);
    }
  }

  /**
   * One batch arriving: new readings stored (a stored key is skipped), then the affected window derived
   * again, starting from the events touching the windows of the whole batch (as the insert statement reads them).
   */
  async arrive(batch: readonly Reading[], withReadAhead = false): Promise<void> {
    const touchingBatch = await this.eventsTouching([...windowsOf(batch).values()]);
    const fresh = batch.filter((r) => !this.readings.some((s) => s.sensor_id === r.sensor_id && s.measured_at_us === r.measured_at_us));
    this.readings.push(...fresh);
    const ahead = withReadAhead ? this.readAhead(batch, touchingBatch) : undefined;
    const arrived: ArrivedRateReading[] = fresh.map((r) => ({
      sensor_id: r.sensor_id,
      measured_at_us: r.measured_at_us,
      duration_s: r.duration_s,
      rate_kg_h: r.rate_kg_h,
      threshold_kg_h: r.threshold_kg_h,
    }));
    if (arrived.length === 0) return;
    const change = await rederiveAffected(this, SITE, arrived, touchingBatch, ahead);
    await this.replace(change.removedIds, change.derived);
  }

  /** What the insert statement reads ahead (`ReadAhead`), after the batch's new readings are stored. */
  private readAhead(batch: readonly Reading[], touchingBatch: readonly EventSpan[]): ReadAhead {
    const coverage = new Map<string, { lo_us: number; hi_us: number }>();
    for (const w of windowsOf(batch).values()) {
      const hot = batch.some((r) => r.sensor_id === w.sensor_id && atOrAboveThreshold(r.rate_kg_h, r.threshold_kg_h));
      const near = touchingBatch.filter((e) => touches(w, e));
      if (!hot && near.length === 0) continue;
      coverage.set(w.sensor_id, {
        lo_us: Math.min(w.lo_us, ...near.map((e) => e.started_at_us)),
        hi_us: Math.max(w.hi_us, ...near.map((e) => e.last_measured_at_us)),
      });
    }
    const windows = [...coverage].map(([sensor_id, c]) => ({ sensor_id, ...c }));
    return { coverage, readings: this.readingsWithin(windows) };
  }

  sortedEvents(): DerivedEmissionEvent[] {
    return [...this.events.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}

/**
 * Readings of two sensors on a 5-minute grid over ~10 hours, with durations that leave gaps, overlap, touch 3600 s,
 * or reach over hours of later readings (10 h).
 */
const readingsArb = fc
  .uniqueArray(
    fc.record({
      sensor_id: fc.constantFrom('stack', 'flare'),
      slot: fc.integer({ min: 0, max: 120 }),
      duration_s: fc.constantFrom(1, 300, 600, 3600, 7200, 36_000),
      rate_kg_h: fc.constantFrom('0', '99.999999', '100', '150.5', '420'),
      mass_kg: fc.constantFrom('0.000278', '1', '12.5', '100.000001'),
    }),
    { minLength: 1, maxLength: 40, selector: (r) => `${r.sensor_id}/${r.slot}` },
  )
  .map((rs) => rs.map(({ slot, ...r }): Reading => ({ ...r, measured_at_us: T0 + slot * 300_000_000, threshold_kg_h: '100' })));

/** Splits readings into consecutive batches at the chosen cut points. */
function batchesOf(readings: readonly Reading[], cuts: readonly boolean[]): Reading[][] {
  const batches: Reading[][] = [[]];
  readings.forEach((r, i) => {
    if (i > 0 && cuts[i % cuts.length]) batches.push([]);
    batches[batches.length - 1].push(r);
  });
  return batches;
}

/** The events after the batches arrive, the same with and without the insert statement's read-ahead (or the test fails). */
async function eventsAfter(batches: readonly Reading[][]): Promise<DerivedEmissionEvent[]> {
  const [plain, ahead] = [new InMemoryStore(), new InMemoryStore()];
  for (const batch of batches) {
    await plain.arrive(batch);
    await ahead.arrive(batch, true);
  }
  expect(ahead.sortedEvents()).toEqual(plain.sortedEvents());
  return plain.sortedEvents();
}

function derivedAtOnce(readings: readonly Reading[]): DerivedEmissionEvent[] {
  return ['stack', 'flare']
    .flatMap((s) =>
      deriveEmissionEvents(
        SITE,
        s,
        readings.filter((r) => r.sensor_id === s),
      ),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** A one-hour reading `slot` hours after T0, judged against 100 kg/h. */
function hourly(slot: number, rate: string, sensor_id = 'stack'): Reading {
  return { sensor_id, measured_at_us: T0 + slot * 3_600_000_000, duration_s: 3600, rate_kg_h: rate, mass_kg: '1', threshold_kg_h: '100' };
}

describe('rederiveAffected', () => {
  it('gives the events of all readings at once, for in-order, reversed and randomly re-batched arrival', async () => {
    await fc.assert(
      fc.asyncProperty(
        readingsArb,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        async (readings, cuts, keys) => {
          const expected = derivedAtOnce(readings);
          const inOrder = [...readings].sort((a, b) => a.measured_at_us - b.measured_at_us);
          const shuffled = readings
            .map((r, i) => [keys[i], r] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, r]) => r);
          expect(await eventsAfter(inOrder.map((r) => [r]))).toEqual(expected);
          expect(await eventsAfter([...inOrder].reverse().map((r) => [r]))).toEqual(expected);
          expect(await eventsAfter(batchesOf(shuffled, cuts))).toEqual(expected);
          // Each batch again with the previous one's (already stored) readings: the batch's windows exceed the arrived ones.
          const overlapping = batchesOf(shuffled, cuts).map((b, i, all) => [...(all[i - 1] ?? []), ...b]);
          expect(await eventsAfter(overlapping)).toEqual(expected);
          expect(await eventsAfter([readings])).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with the read-ahead, grows an event, starts one and splits one without reading anything more', async () => {
    const at = hourly;
    const store = new InMemoryStore();
    await store.arrive([at(0, '150'), at(1, '150')], true);
    await store.arrive([at(2, '150'), at(0, '150', 'flare')], true);
    await store.arrive([at(1.5, '10')], true);
    expect(store.derivedSensors).toEqual([]);
    expect(store.sortedEvents()).toEqual(derivedAtOnce(store.readings));
    expect(
      store
        .sortedEvents()
        .map((e) => e.readings)
        .sort(),
    ).toEqual([1, 1, 2]);
  });

  it('merges two events when a late reading fills the gap between them, and splits one at a late quiet reading', async () => {
    const at = hourly;
    const store = new InMemoryStore();
    await store.arrive([at(0, '150'), at(3, '150')]);
    expect(store.sortedEvents()).toHaveLength(2);
    await store.arrive([at(1.5, '150')]);
    expect(store.sortedEvents()).toEqual([expect.objectContaining({ readings: 3, mass_kg: '3' })]);
    await store.arrive([at(2.5, '10')]);
    expect(
      store
        .sortedEvents()
        .map((e) => e.readings)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('derives a later event whole when a touched event has an interval reaching over its first readings', async () => {
    const at = (hours: number, rate: string, duration_s = 600): Reading => ({ ...hourly(hours, rate), duration_s });
    for (const withReadAhead of [false, true]) {
      const store = new InMemoryStore();
      // An event of one 10-hour reading, a quiet reading, then an event of two readings inside and past that interval.
      await store.arrive([at(2, '150', 36_000), at(3, '10'), at(11, '150', 3600), at(12.5, '150', 3600)], withReadAhead);
      // Joins the first event (2 h is within 3600 s of its end); the later event is untouched and stays whole.
      await store.arrive([at(1, '150')], withReadAhead);
      expect(store.sortedEvents()).toEqual(derivedAtOnce(store.readings));
      expect(store.sortedEvents().map((e) => e.readings)).toEqual(expect.arrayContaining([2, 2]));
    }
  });

  it('reads only the stretch around a batch when its events follow each other within the gap, never the whole chain', async () => {
    // A sensor crossing the threshold every hour for 4 days: 96 events, each within 3600 s of the next.
    const reading = (half: number, rate: string): Reading => ({
      sensor_id: 'stack',
      measured_at_us: T0 + half * 1_800_000_000,
      duration_s: 600,
      rate_kg_h: rate,
      mass_kg: '1',
      threshold_kg_h: '100',
    });
    const store = new InMemoryStore();
    for (let half = 0; half < 192; half += 2) await store.arrive([reading(half, '150'), reading(half + 1, '10')]);
    expect(store.events.size).toBe(96);
    const widest = Math.max(...store.windowsRead.map((w) => w.hi_us - w.lo_us));
    // The new readings and the one event before them: under two hours, not the 4 days behind.
    expect(widest).toBeLessThan(2 * 3_600_000_000);
    await store.arrive([reading(100.5, '10'), reading(0.5, '200')]);
    expect(store.sortedEvents()).toEqual(derivedAtOnce(store.readings));
  });
});

describe('sensorsUnaffected (the shortcut for quiet readings)', () => {
  const HOUR_US = 3_600_000_000;
  const event: EventSpan = {
    id: 'e',
    sensor_id: 'stack',
    started_at_us: T0,
    last_measured_at_us: T0 + 2 * HOUR_US,
    ended_at_us: T0 + 3 * HOUR_US,
  };
  const arrived = (sensor_id: string, hours: number, rate_kg_h: string): ArrivedRateReading => ({
    sensor_id,
    measured_at_us: T0 + hours * HOUR_US,
    duration_s: 60,
    rate_kg_h,
    threshold_kg_h: '100',
  });

  it('skips a sensor whose new readings are all below the threshold and outside every event (before, after the last reading, inside the last interval)', () => {
    expect([
      ...sensorsUnaffected([arrived('stack', -0.5, '99.999999'), arrived('stack', 2.5, '0'), arrived('flare', 1, '10')], [event]),
    ]).toEqual(['stack', 'flare']);
  });

  it('derives a sensor again when a quiet reading falls strictly between the first and last reading of an event (a split)', () => {
    expect(sensorsUnaffected([arrived('stack', 1, '10')], [event])).toEqual(new Set());
    expect(sensorsUnaffected([arrived('stack', 2.5, '10'), arrived('stack', 0.001, '10')], [event])).toEqual(new Set());
  });

  it('derives a sensor again when any of its new readings is at or above the threshold', () => {
    expect(sensorsUnaffected([arrived('flare', 5, '10'), arrived('flare', 6, '100')], [])).toEqual(new Set());
  });

  it('leaves quiet sensors out of the derivation and derives the others', async () => {
    const at = (sensor_id: string, hours: number, rate: string): Reading => ({
      sensor_id,
      measured_at_us: T0 + hours * HOUR_US,
      duration_s: 3600,
      rate_kg_h: rate,
      mass_kg: '1',
      threshold_kg_h: '100',
    });
    const store = new InMemoryStore();
    await store.arrive([at('stack', 0, '150'), at('stack', 1, '150')]);
    const readSensorsOf = async (batch: Reading[]) => {
      store.derivedSensors.length = 0;
      await store.arrive(batch);
      return [...new Set(store.derivedSensors.flat())];
    };
    expect(await readSensorsOf([at('stack', 2, '10'), at('flare', 1, '10')])).toEqual([]);
    expect(await readSensorsOf([at('stack', 3, '150'), at('flare', 2, '10')])).toEqual(['stack']);
    expect(await readSensorsOf([at('stack', 0.5, '10')])).toEqual(['stack']);
    expect(store.sortedEvents().map((e) => e.readings)).toEqual([1, 1, 1]);
    expect(store.sortedEvents()).toEqual(derivedAtOnce(store.readings));
  });
});
