import type { NormalizedReading } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { classifyReadings, NOTHING_STORED_BEFORE, planBatch } from './batch-readings';

const r = (sensor_id: string, second: number, value: string): NormalizedReading => ({
  sensor_id,
  measured_at: `2026-01-01T00:00:${String(second).padStart(2, '0')}Z`,
  value,
});

describe('planBatch', () => {
  it('offers the first reading of each natural key for storage and points repeats at it', () => {
    const plan = planBatch([r('a', 1, '1'), r('b', 1, '2'), r('a', 1, '3'), r('a', 2, '1'), r('b', 1, '2')]);
    expect(plan.firsts).toEqual([0, 1, 3]);
    expect(plan.firstOf).toEqual([0, 1, 0, 3, 1]);
  });
});

describe('classifyReadings', () => {
  it('accepts every first reading when nothing was stored before, and judges repeats by the first value', () => {
    const readings = [r('a', 1, '4'), r('a', 1, '4'), r('a', 1, '9'), r('b', 1, '4')];
    expect(classifyReadings(readings, planBatch(readings), NOTHING_STORED_BEFORE)).toEqual({
      readings_accepted: 2,
      readings_duplicate: 1,
      readings_conflicting: 1,
      conflicts: [{ index: 2, sensor_id: 'a', measured_at: '2026-01-01T00:00:01Z', stored_value: '4', sent_value: '9' }],
    });
  });

  it('judges a key stored by another batch against the stored value, repeats included, exactly', () => {
    const readings = [r('a', 1, '5.5'), r('b', 1, '7'), r('a', 1, '5.500001'), r('c', 1, '1')];
    const plan = planBatch(readings);
    const outcome = classifyReadings(
      readings,
      plan,
      new Map([
        [0, '5.5'],
        [1, '6'],
      ]),
    );
    expect(outcome).toMatchObject({ readings_accepted: 1, readings_duplicate: 1, readings_conflicting: 2 });
    expect(outcome.conflicts.map((c) => [c.index, c.stored_value, c.sent_value])).toEqual([
      [1, '6', '7'],
      [2, '5.5', '5.500001'],
    ]);
  });
});
