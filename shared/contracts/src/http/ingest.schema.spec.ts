import { describe, expect, it } from 'vitest';
import { IngestV1RequestSchema, IngestV2RequestSchema } from './ingest.schema';
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
