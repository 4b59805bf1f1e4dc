import { describe, expect, it } from 'vitest';
import { useFaultStack } from './support/fault-stack';
import { describeLoad, runLoad } from './support/load';
import { createSites } from './support/sites';
import { expectVerdict } from './support/verdict';

describe('fault: clients hang up before the response arrives', () => {
  const stack = useFaultStack('faults_dropped_responses');

  it('counts no batch twice when clients abort at random moments and retry with the same key', async () => {
    const { baseUrl, adminKey, db } = stack();
    const siteIds = await createSites({ baseUrl, adminKey });

    const report = await runLoad({ baseUrl, adminKey, siteIds, clients: 8, durationMs: 8000, abortChance: 0.4 });
    console.info(`[faults] dropped responses: ${describeLoad(report)}`);

    expect(report.unexpected, 'answers other than 201 or a 409/503 problem with Retry-After').toEqual([]);
    expect(report.unacknowledged, 'batches never acknowledged').toBe(0);
    expect(report.outcomes['aborted'] ?? 0, 'clients hung up').toBeGreaterThan(0);
    expect(report.replays, 'some aborted attempts had committed, so their retry was a replay').toBeGreaterThan(0);
    await expectVerdict(db, report.acknowledged);
  });
});
