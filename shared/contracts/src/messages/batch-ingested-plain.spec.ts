import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainBatchIngestedV1 } from './batch-ingested-plain';
import { BatchIngestedV1Schema } from './batch-ingested.v1';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';

// Values near every rule's edge, and a few of each kind the rules refuse.
const decimal = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 10 ** 9 }).map((n) => (n / 1000).toString()) },
  fc.constantFrom('0', '-1.5', '12', '1.', '.5', '1e3', ' 1', '1,5', '', '--1', '0.000001'),
  fc.constantFrom(1.5, null, undefined, true),
);
const reading = fc.record(
  {
    sensor_id: fc.oneof(
      { weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: 64 }) },
      fc.constantFrom('', 'a'.repeat(64), 'a'.repeat(65), 'pair\ud83d\ude00'),
      fc.constantFrom(7, null, undefined),
    ),
    measured_at: fc.oneof(
      { weight: 12, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
      fc.constantFrom(0, null),
    ),
    duration_s: fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min: 1, max: 86_400 }) },
      fc.constantFrom(0, 86_401, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, '60', null, 2 ** 53),
    ),
    rate_kg_h: decimal,
    mass_kg: decimal,
    extra: fc.constantFrom(undefined, 'ignored'),
  },
  { requiredKeys: [] },
);
const rateReadings = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 12, arbitrary: fc.array(reading, { maxLength: 12 }) },
  fc.constantFrom(null, 'readings', {}, [null], [[]]),
);
const event = fc.record(
  {
    event_id: fc.oneof({ weight: 12, arbitrary: fc.uuid() }, fc.constantFrom('', 5)),
    type: fc.oneof({ weight: 12, arbitrary: fc.constant('batch.ingested') }, fc.constant('site.settings_changed')),
    version: fc.oneof({ weight: 12, arbitrary: fc.constant(1) }, fc.constant(2)),
    site_id: fc.oneof({ weight: 12, arbitrary: fc.constant(SITE) }, fc.constantFrom('nope', SITE.slice(1))),
    batch_id: fc.oneof({ weight: 12, arbitrary: fc.uuid() }, fc.constant('x')),
    request_id: fc.oneof(fc.string(), fc.constant(null)),
    readings_accepted: fc.oneof({ weight: 12, arbitrary: fc.nat(100) }, fc.constantFrom(-1, 1.5)),
    accepted_sum: decimal,
    total_before: decimal,
    total_after: decimal,
    emission_limit: decimal,
    committed_at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    limit_revision: fc.oneof(fc.nat(9), fc.constant(undefined)),
    rate_readings: rateReadings,
    super_emitter_kg_h: fc.oneof(decimal, fc.constant(undefined)),
    near_limit_pct: fc.oneof(decimal, fc.constant(undefined)),
    annual_limit: fc.oneof(decimal, fc.constant(undefined)),
    unknown_field: fc.constantFrom(undefined, 1),
  },
  { requiredKeys: ['event_id', 'type', 'version', 'site_id', 'batch_id', 'request_id', 'committed_at'] },
);

/** A valid event without its rate readings. */
const ENVELOPE = {
  event_id: 'e-1',
  type: 'batch.ingested',
  version: 1,
  site_id: SITE,
  batch_id: SITE,
  request_id: null,
  readings_accepted: 1,
  accepted_sum: '1',
  total_before: '0',
  total_after: '1',
  emission_limit: '10',
  committed_at: '2026-06-01T00:00:00.000Z',
};

describe('plainBatchIngestedV1', () => {
  it('answers exactly as BatchIngestedV1Schema: the same event when it accepts, null whenever the schema refuses', () => {
    let accepted = 0;
    fc.assert(
      fc.property(event, (data) => {
        const plain = plainBatchIngestedV1(data);
        const schema = BatchIngestedV1Schema.safeParse(data);
        expect(plain !== null).toBe(schema.success);
        if (plain !== null) {
          accepted++;
          expect(plain).toEqual(schema.data);
        }
      }),
      { numRuns: 3000 },
    );
    // The generators must reach both answers often, or the property proves little.
    expect(accepted).toBeGreaterThan(100);
  });

  it('answers as the schema for one reading at any rule’s edge among valid ones', () => {
    const valid = fc.record({
      sensor_id: fc.string({ minLength: 1, maxLength: 64 }),
      measured_at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      duration_s: fc.integer({ min: 1, max: 86_400 }),
      rate_kg_h: fc.integer({ min: 0, max: 10 ** 6 }).map((n) => (n / 100).toString()),
      mass_kg: fc.integer({ min: 0, max: 10 ** 6 }).map((n) => (n / 1000).toString()),
    });
    let refused = 0;
    fc.assert(
      fc.property(fc.array(valid, { maxLength: 5 }), reading, fc.array(valid, { maxLength: 5 }), (before, edge, after) => {
        const data = { ...ENVELOPE, rate_readings: [...before, edge, ...after] };
        const plain = plainBatchIngestedV1(data);
        const schema = BatchIngestedV1Schema.safeParse(data);
        expect(plain !== null).toBe(schema.success);
        if (plain !== null) expect(plain).toEqual(schema.data);
        else refused++;
      }),
      { numRuns: 3000 },
    );
    expect(refused).toBeGreaterThan(100);
  });

  it('refuses each rule’s first value past its edge, and takes the edge itself', () => {
    const event = (r: Record<string, unknown>) => ({
      ...ENVELOPE,
      rate_readings: [{ sensor_id: 's', measured_at: '2026-06-01T00:00:00.000Z', duration_s: 60, rate_kg_h: '60', mass_kg: '1', ...r }],
    });
    for (const edge of [{ sensor_id: 'a'.repeat(64) }, { duration_s: 86_400 }, { duration_s: 1 }, { mass_kg: '-0.5' }]) {
      expect(plainBatchIngestedV1(event(edge)), JSON.stringify(edge)).toEqual(BatchIngestedV1Schema.parse(event(edge)));
    }
    for (const past of [
      { sensor_id: 'a'.repeat(65) },
      { sensor_id: '' },
      { duration_s: 86_401 },
      { duration_s: 0 },
      { duration_s: 2.5 },
      { mass_kg: '1e3' },
      { rate_kg_h: '.5' },
    ]) {
      expect(plainBatchIngestedV1(event(past)), JSON.stringify(past)).toBeNull();
      expect(BatchIngestedV1Schema.safeParse(event(past)).success).toBe(false);
    }
  });

  it('leaves non-objects to the schema', () => {
    for (const data of [null, 'event', 3, undefined]) expect(plainBatchIngestedV1(data)).toBeNull();
  });
});
