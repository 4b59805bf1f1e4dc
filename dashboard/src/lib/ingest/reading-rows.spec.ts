import { describe, expect, it } from 'vitest';
import { checkReadings, isRowFieldPath, newReadingRow, type ReadingRow, rowsFromBody } from './reading-rows';
import { parseReadingsCsv } from './readings-csv';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
const defaults = { sensor_id: 'sensor-1', unit: 'kg' as const };
const row = (over: Partial<ReadingRow>): ReadingRow => ({
  id: 1,
  sensor_id: 's',
  measured_at: '2026-01-01T00:00:00Z',
  value: '1',
  unit: 'kg',
  ...over,
});

describe('newReadingRow', () => {
  it('starts at the current second and steps back a minute when the sensor already has that time', () => {
    const now = new Date('2026-01-01T10:00:00.700Z');
    const first = newReadingRow([], defaults, now);
    const second = newReadingRow([first], defaults, now);
    expect(first.measured_at).toBe('2026-01-01T10:00:00Z');
    expect(second.measured_at).toBe('2026-01-01T09:59:00Z');
  });
});

describe('checkReadings', () => {
  it('accepts valid rows and keeps the typed units and text', () => {
    const result = checkReadings(SITE, [row({ value: ' 2.50 ', unit: 't' })]);
    expect(result).toEqual({
      ok: true,
      body: { site_id: SITE, readings: [{ sensor_id: 's', measured_at: '2026-01-01T00:00:00Z', value: '2.50', unit: 't' }] },
    });
  });

  it('puts each problem on the field of its row', () => {
    const result = checkReadings(SITE, [row({}), row({ value: '-1', measured_at: 'yesterday', sensor_id: '' })]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['readings[1].value']).toBe('must be >= 0');
    expect(result.errors['readings[1].measured_at']).toMatch(/ISO-8601/);
    expect(result.errors['readings[1].sensor_id']).toBe('must not be empty');
    expect(Object.keys(result.errors).some((p) => p.startsWith('readings[0]'))).toBe(false);
  });
});

describe('parseReadingsCsv', () => {
  it('reads 4, 3 and 2 column lines, filling missing columns from the defaults and skipping a header', () => {
    const text = 'sensor_id,measured_at,value,unit\nA,2026-01-01T00:00:00Z,1.5,t\nB;2026-01-01T00:01:00Z;2\n\n2026-01-01T00:02:00Z,3';
    const { rows, problems } = parseReadingsCsv(text, defaults);
    expect(problems).toEqual([]);
    expect(rows.map(({ sensor_id, value, unit }) => [sensor_id, value, unit])).toEqual([
      ['A', '1.5', 't'],
      ['B', '2', 'kg'],
      ['sensor-1', '3', 'kg'],
    ]);
  });

  it('names the line of a row it cannot read', () => {
    const { rows, problems } = parseReadingsCsv('A,2026-01-01T00:00:00Z,1,oz\njust-one-cell', defaults);
    expect(rows).toEqual([]);
    expect(problems).toEqual(['Line 1: unknown unit "oz" (use kg, g, t, lb, kg/h or scf/h)', 'Line 2: expected 2 to 4 columns, found 1']);
  });
});

describe('parseReadingsCsv, three columns', () => {
  it('reads timestamp,value,unit by its header and by its shape, not as sensor,time,value', () => {
    for (const text of ['timestamp,value,unit\n2026-01-01T00:00:00Z,1.5,t', '2026-01-01T00:00:00Z,1.5,t']) {
      const { rows, problems } = parseReadingsCsv(text, defaults);
      expect(problems).toEqual([]);
      expect(rows.map(({ sensor_id, measured_at, value, unit }) => [sensor_id, measured_at, value, unit])).toEqual([
        ['sensor-1', '2026-01-01T00:00:00Z', '1.5', 't'],
      ]);
    }
  });

  it('follows a header in any order', () => {
    const { rows } = parseReadingsCsv('value;unit;sensor_id;measured_at\n2;g;S;2026-01-01T00:00:00Z', defaults);
    expect(rows.map(({ sensor_id, measured_at, value, unit }) => [sensor_id, measured_at, value, unit])).toEqual([
      ['S', '2026-01-01T00:00:00Z', '2', 'g'],
    ]);
  });
});

describe('checkReadings, any number of rows', () => {
  it('accepts 250 rows (sent as three batches) and numbers a problem over all rows', () => {
    const many = Array.from({ length: 250 }, (_, i) => row({ id: i, measured_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
    expect(checkReadings(SITE, many).ok).toBe(true);
    many[203] = { ...many[203], value: '-1' };
    const result = checkReadings(SITE, many);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(['readings[203].value']);
  });
});

describe('rate readings', () => {
  it('sends a rate with its duration as a JSON integer, and never a leftover duration with a mass', () => {
    const result = checkReadings(SITE, [
      row({ unit: 'kg/h', value: '150', duration_s: ' 600 ' }),
      row({ sensor_id: 't', unit: 'scf/h', value: '25000', duration_s: '60' }),
      row({ sensor_id: 'm', unit: 'kg', value: '2', duration_s: '600' }),
    ]);
    expect(result.ok && result.body.readings).toEqual([
      { sensor_id: 's', measured_at: '2026-01-01T00:00:00Z', value: '150', unit: 'kg/h', duration_s: 600 },
      { sensor_id: 't', measured_at: '2026-01-01T00:00:00Z', value: '25000', unit: 'scf/h', duration_s: 60 },
      { sensor_id: 'm', measured_at: '2026-01-01T00:00:00Z', value: '2', unit: 'kg' },
    ]);
  });

  it('puts the shared schema’s duration errors on the duration field of the row', () => {
    const result = checkReadings(SITE, [
      row({ unit: 'kg/h', duration_s: '' }),
      row({ sensor_id: 'b', unit: 'kg/h', duration_s: '1.5' }),
      row({ sensor_id: 'c', unit: 'scf/h', duration_s: 'ten' }),
      row({ sensor_id: 'd', unit: 'kg/h', duration_s: '86401' }),
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'readings[0].duration_s',
      'readings[1].duration_s',
      'readings[2].duration_s',
      'readings[3].duration_s',
    ]);
    expect(result.errors['readings[1].duration_s']).toBe('must be an integer number of seconds');
    expect(result.errors['readings[3].duration_s']).toBe('must be <= 86400');
    expect(isRowFieldPath('readings[0].duration_s')).toBe(true);
  });

  it('restores a pending rate reading with its duration, and reads a duration column from CSV', () => {
    const [restored] = rowsFromBody({
      site_id: SITE,
      readings: [{ sensor_id: 's', measured_at: '2026-01-01T00:00:00Z', value: '1', unit: 'kg/h', duration_s: 90 }],
    });
    expect(restored).toMatchObject({ unit: 'kg/h', duration_s: '90' });
    const { rows, problems } = parseReadingsCsv(
      'sensor_id,measured_at,value,unit,duration_s\nS,2026-01-01T00:00:00Z,12,kg/h,300',
      defaults,
    );
    expect(problems).toEqual([]);
    expect(rows.map(({ unit, duration_s }) => [unit, duration_s])).toEqual([['kg/h', '300']]);
  });
});
