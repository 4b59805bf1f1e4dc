import fc from 'fast-check';
import { type IngestVersion, malformedIngestBody, unknownSiteIngestBody } from './malformed-ingest.arbitrary';

export type MalformedRequest = { kind: string; path: string; headers: Record<string, string>; body: string };

const INGEST_PATHS: { path: string; version: IngestVersion }[] = [
  { path: '/api/v1/ingest', version: 'v1' },
  { path: '/api/ingest', version: 'v1' },
  { path: '/api/v2/ingest', version: 'v2' },
];
const JSON_TYPE = { 'content-type': 'application/json' };
const ONE_MIB = 1024 * 1024;

/** A key that is not 1..255 visible ASCII characters (headers fetch can still send; HTTP trims only the ends). */
const badIdempotencyKey = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[A-Za-z0-9]{256,400}$/),
  fc
    .tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom(' ', '\t', 'é', 'ü', '\u00a0'), fc.stringMatching(/^[a-z]{1,10}$/))
    .map((p) => p.join('')),
);
const goodIdempotencyKey = fc.stringMatching(/^[\x21-\x7E]{1,64}$/);

/** A site whose name can never be valid (missing, blank, too long, not a string), other fields anything. */
const malformedSiteBody = fc.record(
  {
    name: fc.oneof(
      fc.constantFrom('', ' ', '   ', '\t\n'),
      fc.stringMatching(/^[A-Za-z]{121,200}$/),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
    ),
    emission_limit: fc.oneof(
      fc.constantFrom('1500.5', 0, -1, '0', '-0.000001', '1000000000000.000001', '1e3', 'abc', '1.1234567', 10 ** 13),
      fc.double(),
      fc.constant(null),
    ),
    metadata: fc.oneof(fc.constant({}), fc.constant([]), fc.string(), fc.constant({ blob: 'x'.repeat(9000) })),
  },
  { requiredKeys: ['emission_limit'] },
);

/** JSON text cut short, or arbitrary text that is not a JSON object. */
const garbageJson = fc.oneof(
  fc
    .tuple(
      malformedIngestBody('v1').map((b) => JSON.stringify(b) ?? ''),
      fc.nat(),
    )
    .map(([text, at]) => text.slice(0, at % Math.max(text.length, 1))),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"site_id":', '[', 'null', 'true', '{"readings":[{]}', '\u0000', '{"a":1}{"b":2}', "{'site_id': 'x'}"),
);

const wrongContentType = fc.constantFrom(
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonp',
  'application/octet-stream',
);

function ingestRequests(): fc.Arbitrary<MalformedRequest> {
  const target = fc.constantFrom(...INGEST_PATHS);
  const withBody = (kind: string, headers: fc.Arbitrary<Record<string, string>>, body: (version: IngestVersion) => fc.Arbitrary<string>) =>
    fc.tuple(target, headers).chain(([t, h]) => body(t.version).map((text) => ({ kind, path: t.path, headers: h, body: text })));
  const keyed = goodIdempotencyKey.map((key) => ({ ...JSON_TYPE, 'idempotency-key': key }));
  const json = (version: IngestVersion) => malformedIngestBody(version).map((b) => JSON.stringify(b));
  // The key is the only defect here: the body is well-formed (for a site that does not exist).
  const wellFormed = (version: IngestVersion) => unknownSiteIngestBody(version).map((b) => JSON.stringify(b));
  const missingKeyV2 = unknownSiteIngestBody('v2').map((b) => ({
    kind: 'missing key (v2)',
    path: '/api/v2/ingest',
    headers: JSON_TYPE,
    body: JSON.stringify(b),
  }));
  return fc.oneof(
    { arbitrary: withBody('invalid body', keyed, json), weight: 10 },
    { arbitrary: withBody('garbage json', keyed, () => garbageJson), weight: 2 },
    {
      arbitrary: withBody(
        'wrong content type',
        fc.tuple(goodIdempotencyKey, wrongContentType).map(([k, t]) => ({ 'idempotency-key': k, 'content-type': t })),
        json,
      ),
      weight: 2,
    },
    {
      arbitrary: withBody(
        'bad idempotency key',
        badIdempotencyKey.map((k) => ({ ...JSON_TYPE, 'idempotency-key': k })),
        wellFormed,
      ),
      weight: 2,
    },
    { arbitrary: missingKeyV2, weight: 1 },
  );
}

function siteRequests(): fc.Arbitrary<MalformedRequest> {
  const path = '/api/v1/sites';
  return fc.oneof(
    { arbitrary: malformedSiteBody.map((b) => ({ kind: 'invalid site', path, headers: JSON_TYPE, body: JSON.stringify(b) })), weight: 6 },
    { arbitrary: garbageJson.map((body) => ({ kind: 'garbage json', path, headers: JSON_TYPE, body })), weight: 1 },
    {
      arbitrary: fc
        .tuple(wrongContentType, malformedSiteBody)
        .map(([t, b]) => ({ kind: 'wrong content type', path, headers: { 'content-type': t }, body: JSON.stringify(b) })),
      weight: 1,
    },
  );
}

/** A body over the 256 KiB limit (and the old 1 MiB one): a batch of an unknown site padded with a long field. */
const oversized = fc.tuple(fc.constantFrom(...INGEST_PATHS), fc.uuid()).map(([t, siteId]) => ({
  kind: 'oversized',
  path: t.path,
  headers: { ...JSON_TYPE, 'idempotency-key': 'oversized' },
  body: JSON.stringify({ site_id: siteId, readings: [], padding: 'x'.repeat(ONE_MIB + 1024) }),
}));

/** Every request this produces is invalid by construction: none may be answered 2xx or write a row. */
export const malformedRequest: fc.Arbitrary<MalformedRequest> = fc.oneof(
  { arbitrary: ingestRequests(), weight: 70 },
  { arbitrary: siteRequests(), weight: 29 },
  { arbitrary: oversized, weight: 1 },
);
