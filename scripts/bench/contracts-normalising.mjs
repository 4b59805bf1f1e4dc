// Microbenchmark of the contract's per-reading normalising (timestamps, decimals, bounds) that the gateway and
// the ingestion service run for every reading: microseconds per 100-reading batch.
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
