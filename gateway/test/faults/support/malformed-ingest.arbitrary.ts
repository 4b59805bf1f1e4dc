import fc from 'fast-check';

// Ingest bodies derived from the contract's v1/v2 shapes, each broken by at least one mutation. The site id
// is always a fresh random UUID (never a stored site), so even a mutation that happened to leave the body
// valid could only be answered `404 site_not_found`: no generated request can write a row.

type Json = unknown;
type Reading = Record<string, Json>;
export type IngestVersion = 'v1' | 'v2';

const recent = fc.integer({ min: 60, max: 30 * 86_400 }).map((s) => new Date(Date.now() - s * 1000).toISOString());
const decimal = fc.integer({ min: 0, max: 99_999_999 }).map((n) => `${n / 1000}`);
const sensor = fc.stringMatching(/^[a-z0-9-]{1,64}$/);

const reading = (version: IngestVersion): fc.Arbitrary<Reading> =>
  version === 'v1'
    ? fc.record({ timestamp: recent, value: fc.oneof(decimal, fc.integer({ min: 0, max: 1000 })), sensor_id: sensor })
    : fc.record({ measured_at: recent, value: decimal, sensor_id: sensor, unit: fc.constantFrom('kg', 'g', 't', 'lb') });

const notAnObject = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }));
const wrongType = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
  fc.array(fc.integer(), { maxLength: 2 }),
);

const badValue = fc.oneof(
  fc.integer({ min: 1, max: 10 ** 9 }).map((n) => `-${n}`),
  fc.integer({ min: 1, max: 10 ** 6 }).map((n) => -n / 100),
  fc.bigInt({ min: 10n ** 9n + 1n, max: 10n ** 18n }).map(String),
  fc.constantFrom(1e10, 1e300, '1000000000.000001', '99999999999999999999999999'),
  fc.stringMatching(/^\d{1,3}\.\d{7,12}$/),
  fc.constantFrom('abc', '', ' ', 'NaN', 'Infinity', '-0.0000001', '1,5', '0x10', '1e3e4', '--1'),
  wrongType,
);
const badTimestamp = fc.oneof(
  fc.constantFrom(
    '2026-13-45T00:00:00Z',
    'yesterday',
    '',
    '2026-11-27',
    '2026-11-27T25:61:00Z',
    '1999-12-31T23:59:59Z',
    '0000-01-01T00:00:00Z',
  ),
  fc.constantFrom('2026-11-27T10:00:00', '27/11/2026 10:00', '2026-11-27T10:00:00+25:00', 'T10:00:00Z'),
  fc.integer({ min: 1, max: 365 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString()),
  fc.integer({ min: 0, max: 2 ** 40 }),
  wrongType,
);
const badSensor = fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z]{65,100}$/), fc.integer(), wrongType);
const badUnit = fc.oneof(fc.constantFrom('ton', 'kilogram', '', 'mg', 'oz', 'KG '), fc.integer(), wrongType);

/** One field of one reading broken, or the reading replaced by something that is not an object. */
function brokenReading(version: IngestVersion): fc.Arbitrary<Json> {
  const time = version === 'v1' ? 'timestamp' : 'measured_at';
  const field = (name: string, bad: fc.Arbitrary<Json>) => fc.tuple(reading(version), bad).map(([r, v]) => ({ ...r, [name]: v }));
  const missing = (name: string) => reading(version).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== name)));
  // v2 values are bounded after unit conversion: in kg, a value over 10^9 is over the limit.
  const badValueField = fc
    .tuple(reading(version), badValue)
    .map(([r, v]) => (version === 'v1' ? { ...r, value: v } : { ...r, value: v, unit: 'kg' }));
  const variants = [badValueField, field(time, badTimestamp), missing('value'), missing(time), notAnObject];
  if (version === 'v1') variants.push(field('sensor_id', badSensor), reading('v2'));
  else {
    // 10^7 t is 10^10 kg: valid before conversion, over the 10^9 kg limit after it.
    const overLimitOnceConverted = reading('v2').map((r) => ({ ...r, value: '10000000', unit: 't' }));
    variants.push(
      field('sensor_id', badSensor),
      field('unit', badUnit),
      missing('unit'),
      missing('sensor_id'),
      reading('v1'),
      overLimitOnceConverted,
    );
  }
  return fc.oneof(...variants);
}

/** A body of the version's shape that only the unknown site keeps from being stored. */
export function unknownSiteIngestBody(version: IngestVersion): fc.Arbitrary<Json> {
  return fc.record({ site_id: fc.uuid(), readings: fc.array(reading(version), { minLength: 1, maxLength: 5 }) });
}

/** A v1 or v2 ingest body of an unknown site with at least one contract violation. */
export function malformedIngestBody(version: IngestVersion): fc.Arbitrary<Json> {
  const siteId = fc.uuid();
  const good: fc.Arbitrary<Json[]> = fc.array(reading(version), { minLength: 1, maxLength: 5 });
  const withBrokenReading = fc
    .tuple(siteId, good, brokenReading(version), fc.nat())
    .map(([site_id, readings, bad, at]) => ({ site_id, readings: readings.toSpliced(at % (readings.length + 1), 0, bad) }));
  return fc.oneof(
    { arbitrary: withBrokenReading, weight: 6 },
    fc
      .tuple(
        fc.oneof(
          wrongType,
          fc.integer(),
          fc.string(),
          fc.uuid().map((u) => u.toUpperCase().slice(1)),
        ),
        good,
      )
      .map(([site_id, readings]) => ({ site_id, readings })),
    good.map((readings) => ({ readings })),
    siteId.map((site_id) => ({ site_id })),
    fc
      .tuple(siteId, fc.oneof(fc.constant([]), notAnObject, fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 })))
      .map(([site_id, readings]) => ({ site_id, readings })),
    fc.tuple(siteId, fc.array(reading(version), { minLength: 101, maxLength: 160 })).map(([site_id, readings]) => ({ site_id, readings })),
    notAnObject,
  );
}
