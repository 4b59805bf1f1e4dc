import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useFaultStack } from './support/fault-stack';
import { malformedRequest } from './support/malformed-request.arbitrary';
import { sendMalformed } from './support/send-malformed';
import { createSites } from './support/sites';
import { rowCounts } from './support/stored-state';
import { expectVerdict } from './support/verdict';

const RUNS = 5000;
const CONCURRENCY = 16;

describe('fault: 5,000 random malformed requests', () => {
  const stack = useFaultStack('faults_malformed');

  it('answers every malformed request from an authenticated operator with a 4xx validation problem and writes no row', async () => {
    const { baseUrl, adminKey, db } = stack();
    await createSites({ baseUrl, adminKey }, ['1000', '250000']);
    const before = await rowCounts(db);
    // FAULTS_SEED replays a failing run exactly; the seed is printed with the figures.
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 2 ** 31);
    const requests = fc.sample(malformedRequest, { numRuns: RUNS, seed });

    const started = Date.now();
    const run = await sendMalformed({ baseUrl, adminKey }, requests, CONCURRENCY);
    console.info(`[faults] malformed seed=${seed} in ${Date.now() - started} ms answers=${JSON.stringify(run.outcomes)}`);

    expect(run.violations.slice(0, 20), `${run.violations.length} forbidden answers (seed ${seed})`).toEqual([]);
    expect(await rowCounts(db), 'rows of sites, batches, measurements and outbox').toEqual(before);
    await expectVerdict(db, []);
  });
});
