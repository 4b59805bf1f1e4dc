// Microbenchmark of the contract's per-reading normalising (timestamps, decimals, bounds) that the gateway and
// the ingestion service run for every reading: microseconds per 100-reading batch.
// Then alerting's parse of a batch.ingested event with 100 rate readings, by the schema and by the plain loop.
// Usage: node scripts/bench/contracts-normalising.mjs   (after `npm run build`)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { normalizeTimestamp } = require('../../shared/contracts/dist/mass/timestamp.js');
const { canonicalDecimal, compareCanonical } = require('../../shared/contracts/dist/mass/canonical-decimal.js');

const times = Array.from({ length: 100 }, (_, i) => new Date(Date.UTC(2026, 5, 1) + i * 1000).toISOString());
const values = Array.from({ length: 100 }, (_, i) => String(1.5 + i / 8));
const BATCHES = 20_000;
let sink = 0;
for (let pass = 0; pass < 2; pass++) {
  const started = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) {
    for (let i = 0; i < 100; i++) {
      const t = normalizeTimestamp(times[i]);
      sink += t.ok ? t.epochMs : 0;
      const v = canonicalDecimal(values[i]);
      sink += compareCanonical(v, '0') + compareCanonical(v, '1000000000');
    }
  }
  const perBatchUs = Number(process.hrtime.bigint() - started) / BATCHES / 1000;
  // The first pass warms the JIT; the second is reported.
  if (pass === 1) console.log(`contracts_normalising_us_per_100_readings=${perBatchUs.toFixed(1)} (checksum ${sink > 0})`);
}

// Alerting's parse of a batch.ingested event carrying 100 rate readings: the schema alone against the contract's
// plain loop over the readings (`plainBatchIngestedV1`, the schema for the envelope), CPU microseconds per event.
const { BatchIngestedV1Schema } = require('../../shared/contracts/dist/messages/batch-ingested.v1.js');
const { plainBatchIngestedV1 } = require('../../shared/contracts/dist/messages/batch-ingested-plain.js');
const rateEvent = {
  event_id: 'e-1',
  type: 'batch.ingested',
  version: 1,
  site_id: '0b0e5f3c-8f7b-4c6e-9a55-1c2d3e4f5a6b',
  batch_id: '1b0e5f3c-8f7b-4c6e-9a55-1c2d3e4f5a6b',
  request_id: 'r-1',
  readings_accepted: 100,
  accepted_sum: '200.8333',
  total_before: '10',
  total_after: '210.8333',
  emission_limit: '1000',
  committed_at: '2026-06-01T00:02:00.000Z',
  limit_revision: 0,
  super_emitter_kg_h: '100',
  rate_readings: times.map((measured_at, i) => ({
    sensor_id: `s${i % 10}`,
    measured_at,
    duration_s: 60,
    rate_kg_h: '120.5',
    mass_kg: '2.008333',
  })),
};
const EVENTS = 20_000;
for (const [name, parse] of [
  ['schema', (e) => BatchIngestedV1Schema.safeParse(e).success],
  ['plain', (e) => plainBatchIngestedV1(e) !== null],
]) {
  for (let pass = 0; pass < 2; pass++) {
    const before = process.cpuUsage();
    for (let e = 0; e < EVENTS; e++) sink += parse(rateEvent) ? 1 : 0;
    const used = process.cpuUsage(before);
    if (pass === 1) console.log(`rate_event_parse_us_${name}=${((used.user + used.system) / EVENTS).toFixed(1)}`);
  }
}
