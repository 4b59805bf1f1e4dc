import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { plainIngestV1Request, plainIngestV2Request } from './ingest-plain-body';
import { IngestV1RequestSchema, IngestV2RequestSchema } from './ingest.schema';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
const HOUR = 3_600_000;

// Values near every rule's edge, and a few of each kind the rules refuse.
const siteId = fc.oneof(
  { weight: 20, arbitrary: fc.oneof(fc.constant(SITE), fc.constant(SITE.toUpperCase()), fc.uuid()) },
  { weight: 1, arbitrary: fc.constantFrom('nope', '', 42, null, `x${SITE}`, `${SITE}\n`, SITE.slice(1)) },
);
const timestamp = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.now() }).map((ms) => new Date(ms).toISOString()),
  },
  fc
    .integer({ min: Date.parse('1999-12-31T00:00:00Z'), max: Date.now() + 2 * HOUR })
    .filter((ms) => Math.abs(ms - (Date.now() + 5 * 60_000)) > 60_000)
    .map((ms) => new Date(ms).toISOString()),
  fc.constantFrom(
    '2026-01-01T00:00:00Z',
    '2026-01-01T01:00:00+01:00',
    '2026-01-01T00:00:00.1234567Z',
    '2026-01-01T00:00:00.123456z',
    '2026-02-30T00:00:00Z',
    '2026-01-01 00:00:00Z',
    '2026-01-01T00:00:00',
    '1999-12-31T23:59:59Z',
  ),
  fc.constantFrom(0, null, undefined),
);
const value = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.oneof(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 10 ** 9 }).map((n) => (n / 1000).toFixed(3)),
    ),
  },
  fc.double({ min: -10, max: 2e9, noNaN: true }),
  fc.integer({ min: -5, max: 2_000_000_000 }),
  fc.constantFrom('5.50', '0', '-0', '1e3', ' 12.5 ', '0x10', '1.0000001', '1000000000', '1000000000.000001', '999999999999999', ''),
  fc.constantFrom(null, undefined, true, [], {}),
);
const sensorId = fc.oneof(
  { weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme-ascii' }) },
  fc.string({ minLength: 0, maxLength: 66 }),
  fc.constantFrom('sensor-1', 'a'.repeat(64), 'a'.repeat(65), 'bad\u0000id', 'lone\ud800', 'pair\ud83d\ude00'),
  fc.constantFrom(undefined, 7, null),
);
const unit = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('kg', 'g', 't', 'lb', 'kg/h', 'scf/h') },
  { weight: 1, arbitrary: fc.constantFrom('oz', 'KG', '', undefined, 3) },
);
const duration = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 86_400 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -1, max: 90_000 }), fc.constantFrom(0, 1.5, '60', 86_401)) },
);
const extra = fc.dictionary(fc.constantFrom('note', 'unit', 'quality', '__proto__'), fc.jsonValue(), { maxKeys: 2 });

const v1Reading = fc.oneof(
  { weight: 10, arbitrary: fc.record({ timestamp, value, sensor_id: sensorId }, { requiredKeys: ['timestamp', 'value'] }) },
  fc.record({ timestamp, value, sensor_id: sensorId }, { requiredKeys: ['timestamp', 'value'] }),
  fc.tuple(fc.record({ timestamp, value, sensor_id: sensorId }), extra).map(([r, more]) => ({ ...more, ...r })),
  fc.constantFrom(null, 'reading', [1, 2]),
);
const v2Reading = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record(
      { sensor_id: sensorId, measured_at: timestamp, value, unit, duration_s: duration },
      { requiredKeys: ['sensor_id', 'measured_at', 'value', 'unit'] },
    ),
  },
  fc.record({ sensor_id: sensorId, measured_at: timestamp, value, unit, duration_s: duration }, { requiredKeys: ['measured_at', 'value'] }),
  fc.constantFrom(null, 'reading'),
);
const batch = <T>(reading: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.array(reading, { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(reading, { minLength: 0, maxLength: 0 }) },
    { weight: 1, arbitrary: reading.chain((r) => fc.constantFrom(Array(100).fill(r), Array(101).fill(r))) },
    { weight: 1, arbitrary: fc.constantFrom('readings', null) },
  );
const body = <T>(reading: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.record({ site_id: siteId, readings: batch(reading) }) },
    { weight: 1, arbitrary: fc.record({ site_id: siteId, readings: batch(reading) }, { requiredKeys: ['readings'] }) },
    { weight: 1, arbitrary: fc.constantFrom(null, [], 'body') },
  );

// A body that passes every rule, as devices send it (the benchmark's shape).
const deviceBodyV1 = {
  site_id: SITE,
  readings: Array.from({ length: 100 }, (_, i) => ({
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    value: 1.5,
    sensor_id: `s-${i}`,
  })),
};

function expectSameAnswers<T>(bodies: fc.Arbitrary<T>, plain: (body: unknown) => unknown, schema: z.ZodType) {
  fc.assert(
    fc.property(bodies, (sent) => {
      const accepted = plain(sent);
      const parsed = schema.safeParse(sent);
      expect(accepted !== undefined).toBe(parsed.success);
      if (parsed.success) expect(accepted).toEqual(parsed.data);
    }),
    { numRuns: 3000 },
  );
}

describe('plainIngestV1Request', () => {
  it('accepts exactly what IngestV1RequestSchema accepts, with the same result', () => {
    expectSameAnswers(body(v1Reading), plainIngestV1Request, IngestV1RequestSchema);
  });

  it('takes a device batch of 100 readings without the schema', () => {
    expect(plainIngestV1Request(deviceBodyV1)).toEqual(IngestV1RequestSchema.parse(deviceBodyV1));
  });
});

describe('plainIngestV2Request', () => {
  it('accepts exactly what IngestV2RequestSchema accepts, with the same result', () => {
    expectSameAnswers(body(v2Reading), plainIngestV2Request, IngestV2RequestSchema);
  });

  it('takes masses and rates in every unit without the schema', () => {
    const sent = {
      site_id: SITE,
      readings: [
        { sensor_id: 'a', measured_at: '2026-01-01T00:00:00Z', value: '2', unit: 't' },
        { sensor_id: 'a', measured_at: '2026-01-01T00:01:00+02:00', value: 1, unit: 'lb' },
        { sensor_id: 'b', measured_at: '2026-01-01T00:02:00Z', value: '120.5', unit: 'kg/h', duration_s: 60 },
        { sensor_id: 'b', measured_at: '2026-01-01T00:03:00Z', value: 5000, unit: 'scf/h', duration_s: 900 },
      ],
    };
    expect(plainIngestV2Request(sent)).toEqual(IngestV2RequestSchema.parse(sent));
  });
});
