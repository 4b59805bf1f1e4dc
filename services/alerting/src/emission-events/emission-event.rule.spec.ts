import { describe, expect, it } from 'vitest';
import { deriveEmissionEvents, emissionEventId, isoOfMicros, microsOfIso, type StoredRateReading } from './emission-event.rule';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
const MIN = 60 * 1_000_000;

/** A reading `minute` minutes after 2026-01-01T00:00Z lasting `duration` minutes; threshold 100 kg/h. */
function reading(minute: number, rate: string, duration = 10, mass = '1'): StoredRateReading {
  return {
    measured_at_us: Date.UTC(2026, 0, 1) * 1000 + minute * MIN,
    duration_s: duration * 60,
    rate_kg_h: rate,
    mass_kg: mass,
    threshold_kg_h: '100',
  };
}
const derive = (readings: StoredRateReading[]) => deriveEmissionEvents(SITE, 'stack', readings);
const spans = (readings: StoredRateReading[]) =>
  derive(readings).map((e) => [isoOfMicros(e.started_at_us), isoOfMicros(e.ended_at_us), e.readings]);

describe('deriveEmissionEvents', () => {
  it('groups consecutive readings at or above the threshold into one event with exact mass and peak', () => {
    const events = derive([reading(0, '100', 10, '16.666667'), reading(10, '250.5', 10, '41.75'), reading(20, '120', 10, '20')]);
    expect(events).toEqual([
      expect.objectContaining({
        id: emissionEventId(SITE, 'stack', reading(0, '1').measured_at_us),
        peak_rate_kg_h: '250.5',
        mass_kg: '78.416667',
        readings: 3,
        last_measured_at_us: reading(20, '1').measured_at_us,
        ended_at_us: reading(30, '1').measured_at_us,
      }),
    ]);
  });

  it('ends an event at a below-threshold reading, and starts none for it', () => {
    expect(spans([reading(0, '150'), reading(10, '99.999999'), reading(20, '150')])).toEqual([
      ['2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z', 1],
      ['2026-01-01T00:20:00Z', '2026-01-01T00:30:00Z', 1],
    ]);
  });

  it('joins a reading starting exactly 3600 s after the previous one ended, and not one a microsecond later', () => {
    const late = { ...reading(70, '150'), measured_at_us: reading(70, '1').measured_at_us + 1 };
    expect(spans([reading(0, '150'), reading(70, '150')])).toEqual([['2026-01-01T00:00:00Z', '2026-01-01T01:20:00Z', 2]]);
    expect(spans([reading(0, '150'), late])).toHaveLength(2);
  });

  it('measures the gap from the latest end so far when intervals overlap', () => {
    // The first reading lasts 3 hours; the third starts 2.5 h after the second ended but within the first.
    expect(spans([reading(0, '150', 180), reading(5, '150', 5), reading(160, '150', 10)])).toEqual([
      ['2026-01-01T00:00:00Z', '2026-01-01T03:00:00Z', 3],
    ]);
  });

  it('compares with each reading’s own threshold, and gives the same events for readings in any order', () => {
    const readings = [reading(0, '60'), { ...reading(10, '60'), threshold_kg_h: '50' }, reading(20, '150'), reading(91, '101')];
    expect(spans(readings)).toEqual([
      ['2026-01-01T00:10:00Z', '2026-01-01T00:30:00Z', 2],
      ['2026-01-01T01:31:00Z', '2026-01-01T01:41:00Z', 1],
    ]);
    expect(derive([...readings].reverse())).toEqual(derive(readings));
  });

  it('derives nothing from no readings or only quiet ones', () => {
    expect(derive([])).toEqual([]);
    expect(derive([reading(0, '0'), reading(10, '99')])).toEqual([]);
  });
});

describe('event ids and times', () => {
  it('names an event by site, sensor and start only, as a version-5 layout UUID', () => {
    const id = emissionEventId(SITE, 'stack', 1);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(emissionEventId(SITE.toUpperCase(), 'stack', 1)).toBe(id);
    expect(new Set([id, emissionEventId(SITE, 'stack', 2), emissionEventId(SITE, 'other', 1)]).size).toBe(3);
  });

  it('round-trips microsecond timestamps', () => {
    for (const iso of ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.5Z', '2026-01-01T00:00:00.000001Z', '2026-12-31T23:59:59.123456Z']) {
      expect(isoOfMicros(microsOfIso(iso))).toBe(iso);
    }
  });
});
