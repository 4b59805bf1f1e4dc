import { describe, expect, it } from 'vitest';
import { IngestV1RequestSchema, IngestV2RequestSchema, NormalizedReadingSchema } from './ingest.schema';
import { formatIssuePath } from './problem.schema';

const site_id = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';

describe('IngestV1RequestSchema', () => {
  it('normalises readings: default sensor, UTC timestamp, canonical decimal', () => {
    const parsed = IngestV1RequestSchema.parse({ site_id, readings: [{ timestamp: '2026-01-01T01:00:00+01:00', value: '5.50' }] });
    expect(parsed.readings).toEqual([{ sensor_id: 'default', measured_at: '2026-01-01T00:00:00Z', value: '5.5' }]);
  });

  it('reports the path and the bound of a negative value', () => {
    const r = IngestV1RequestSchema.safeParse({ site_id, readings: [{ timestamp: '2026-01-01T00:00:00Z', value: -1 }] });
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(formatIssuePath(issue?.path ?? [])).toBe('readings[0].value');
    expect(issue?.message).toBe('must be >= 0');
  });

  it('rejects a reading above 10^9 kg, more than 6 decimals, old and future times, and empty or oversized batches', () => {
    const at = '2026-01-01T00:00:00Z';
    const bad = [
      { site_id, readings: [{ timestamp: at, value: '1000000000.000001' }] },
      { site_id, readings: [{ timestamp: at, value: '1.0000001' }] },
      { site_id, readings: [{ timestamp: '1999-12-31T23:59:59Z', value: 1 }] },
      { site_id, readings: [{ timestamp: new Date(Date.now() + 6 * 60_000).toISOString(), value: 1 }] },
      { site_id, readings: [] },
      { site_id, readings: Array.from({ length: 101 }, () => ({ timestamp: at, value: 1 })) },
      { site_id: 'not-a-uuid', readings: [{ timestamp: at, value: 1 }] },
    ];
    for (const body of bad) expect(IngestV1RequestSchema.safeParse(body).success).toBe(false);
  });
});

describe('IngestV2RequestSchema', () => {
  it('converts units exactly to kg', () => {
    const parsed = IngestV2RequestSchema.parse({
      site_id,
      readings: [
        { sensor_id: 's', measured_at: '2026-01-01T00:00:00Z', value: 2, unit: 't' },
        { sensor_id: 's', measured_at: '2026-01-01T00:01:00Z', value: '1', unit: 'lb' },
      ],
    });
    expect(parsed.readings.map((r) => r.value)).toEqual(['2000', '0.453592']);
  });

  it('rejects a converted mass above 10^9 kg and an unknown unit', () => {
    const at = '2026-01-01T00:00:00Z';
    expect(
      IngestV2RequestSchema.safeParse({ site_id, readings: [{ sensor_id: 's', measured_at: at, value: '1000001', unit: 't' }] }).success,
    ).toBe(false);
    expect(
      IngestV2RequestSchema.safeParse({ site_id, readings: [{ sensor_id: 's', measured_at: at, value: 1, unit: 'oz' }] }).success,
    ).toBe(false);
  });
});

describe('IngestV2RequestSchema rate readings', () => {
  const at = '2026-01-01T00:00:00Z';
  const one = (reading: Record<string, unknown>) =>
    IngestV2RequestSchema.safeParse({ site_id, readings: [{ sensor_id: 's', measured_at: at, ...reading }] });
  const parsedReading = (reading: Record<string, unknown>) => {
    const r = one(reading);
    if (!r.success) throw new Error(r.error.message);
    return r.data.readings[0];
  };

  it('keeps 1 kg/h over 1 s as 0.000278 kg (rounded half-up once) with the rate', () => {
    expect(parsedReading({ value: 1, unit: 'kg/h', duration_s: 1 })).toEqual({
      sensor_id: 's',
      measured_at: at,
      value: '0.000278',
      rate_kg_h: '1',
      duration_s: 1,
    });
  });

  it('converts scf/h with 0.0192 kg/scf before the interval', () => {
    // 1000 scf/h = 19.2 kg/h; over 90 s: 19.2 × 90 / 3600 = 0.48 kg.
    expect(parsedReading({ value: '1000', unit: 'scf/h', duration_s: 90 })).toMatchObject({ value: '0.48', rate_kg_h: '19.2' });
    // 1 scf/h for 1 s: 0.0192 / 3600 = 0.00000533… → 0.000005; the rate 0.0192 kg/h is kept exactly.
    expect(parsedReading({ value: 1, unit: 'scf/h', duration_s: 1 })).toMatchObject({ value: '0.000005', rate_kg_h: '0.0192' });
    // 0.000001 scf/h: the kept rate rounds half-up (0.0000000192 → 0) and the mass too.
    expect(parsedReading({ value: '0.000001', unit: 'scf/h', duration_s: 86400 })).toMatchObject({ value: '0', rate_kg_h: '0' });
  });

  it('rounds a half exactly up: 0.0018 kg/h over 1 s is 0.0000005 kg → 0.000001', () => {
    expect(parsedReading({ value: '0.0018', unit: 'kg/h', duration_s: 1 })).toMatchObject({ value: '0.000001' });
    expect(parsedReading({ value: '0.001799', unit: 'kg/h', duration_s: 1 })).toMatchObject({ value: '0' });
  });

  it('caps the converted mass at 10^9 kg: a rate that stays below over its interval passes, one above is refused', () => {
    // 10^9 kg over 86400 s is 41666666.666… kg/h; over one hour 10^9 kg/h gives exactly the cap.
    expect(parsedReading({ value: '1000000000', unit: 'kg/h', duration_s: 3600 })).toMatchObject({ value: '1000000000' });
    const over = one({ value: '1000000000', unit: 'kg/h', duration_s: 3601 });
    expect(over.success).toBe(false);
    expect(formatIssuePath(over.error?.issues[0]?.path ?? [])).toBe('readings[0].value');
  });

  it('requires duration_s for rates and refuses it for masses, within 1..86400 whole seconds', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ value: 1, unit: 'kg/h' }, 'readings[0].duration_s'],
      [{ value: 1, unit: 'kg', duration_s: 60 }, 'readings[0].duration_s'],
      [{ value: 1, unit: 'kg/h', duration_s: 0 }, 'readings[0].duration_s'],
      [{ value: 1, unit: 'kg/h', duration_s: 86401 }, 'readings[0].duration_s'],
      [{ value: 1, unit: 'kg/h', duration_s: 1.5 }, 'readings[0].duration_s'],
      [{ value: 1, unit: 'kg/h', duration_s: '60' }, 'readings[0].duration_s'],
      [{ value: -1, unit: 'kg/h', duration_s: 60 }, 'readings[0].value'],
      [{ value: 1, unit: 'm3/h', duration_s: 60 }, 'readings[0].unit'],
    ];
    for (const [reading, path] of cases) {
      const r = one(reading);
      expect(r.success, JSON.stringify(reading)).toBe(false);
      expect(formatIssuePath(r.error?.issues[0]?.path ?? []), JSON.stringify(reading)).toBe(path);
    }
    expect(parsedReading({ value: 0, unit: 'kg/h', duration_s: 86400 })).toMatchObject({ value: '0', rate_kg_h: '0', duration_s: 86400 });
  });
});

describe('NormalizedReadingSchema', () => {
  it('accepts a rate reading only with both rate_kg_h and duration_s', () => {
    const base = { sensor_id: 's', measured_at: '2026-01-01T00:00:00Z', value: '1' };
    expect(NormalizedReadingSchema.safeParse({ ...base, rate_kg_h: '60', duration_s: 60 }).success).toBe(true);
    expect(NormalizedReadingSchema.safeParse({ ...base, rate_kg_h: '60' }).success).toBe(false);
    expect(NormalizedReadingSchema.safeParse({ ...base, duration_s: 60 }).success).toBe(false);
  });
});
