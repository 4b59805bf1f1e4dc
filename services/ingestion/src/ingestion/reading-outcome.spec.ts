import { describe, expect, it } from 'vitest';
import { classifyReadings } from './reading-outcome';

const r = (measured_at: string, value: string, sensor_id = 's') => ({ measured_at, value, sensor_id });

describe('classifyReadings', () => {
  it('accepts inserted readings and sums them per month exactly', () => {
    const sent = [r('2026-01-31T23:59:59.9Z', '0.1'), r('2026-02-01T00:00:00Z', '0.2'), r('2026-01-01T00:00:00Z', '0.3')];
    const out = classifyReadings(sent, sent, []);
    expect(out).toMatchObject({ accepted: 3, duplicate: 0, conflicting: 0, acceptedSum: '0.6' });
    expect(out.monthly).toEqual([
      { month: '2026-01-01', total: '0.4', count: 2 },
      { month: '2026-02-01', total: '0.2', count: 1 },
    ]);
    expect([out.firstMeasuredAt, out.lastMeasuredAt]).toEqual(['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z']);
  });

  it('orders instants whose fractions differ in length correctly', () => {
    const sent = [r('2026-01-01T00:00:00Z', '1'), r('2026-01-01T00:00:00.5Z', '1', 't')];
    expect(classifyReadings(sent, sent, []).lastMeasuredAt).toBe('2026-01-01T00:00:00.5Z');
  });

  it('tells duplicates from conflicts against stored values and earlier readings of the batch', () => {
    const sent = [
      r('2026-01-01T00:00:00Z', '5'),
      r('2026-01-01T00:00:00Z', '6'),
      r('2026-01-01T00:01:00Z', '7.0'),
      r('2026-01-01T00:02:00Z', '1'),
    ];
    const inserted = [r('2026-01-01T00:00:00Z', '5.000000')];
    const stored = [r('2026-01-01T00:01:00Z', '7.000000'), r('2026-01-01T00:02:00Z', '2.000000')];
    const out = classifyReadings(sent, inserted, stored);
    expect(out).toMatchObject({ accepted: 1, duplicate: 1, conflicting: 2, acceptedSum: '5' });
    expect(out.conflicts).toEqual([
      { index: 1, sensor_id: 's', measured_at: '2026-01-01T00:00:00Z', stored_value: '5', sent_value: '6' },
      { index: 3, sensor_id: 's', measured_at: '2026-01-01T00:02:00Z', stored_value: '2', sent_value: '1' },
    ]);
  });

  it('refuses to guess when a skipped reading is found nowhere', () => {
    expect(() => classifyReadings([r('2026-01-01T00:00:00Z', '1')], [], [])).toThrow();
  });
});
