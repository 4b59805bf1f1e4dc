import { describe, expect, it } from 'vitest';
import { sleep, useFaultStack } from './support/fault-stack';
import { describeLoad, runLoad } from './support/load';
import { createSites } from './support/sites';
import { expectVerdict } from './support/verdict';

describe('fault: the ingestion service is killed with SIGKILL mid-load', () => {
  const stack = useFaultStack('faults_ingestion_kill');

  it('keeps every acknowledged batch exactly once when the ingestion service is killed mid-load and restarted', async () => {
    const { baseUrl, adminKey, db, kill, restart } = stack();
    const siteIds = await createSites({ baseUrl, adminKey });

    const report = await runLoad({ baseUrl, adminKey, siteIds, clients: 8, durationMs: 7000 }, async () => {
      await sleep(2500);
      await kill('ingestion', 'SIGKILL');
      await sleep(1500);
      restart('ingestion');
    });
    console.info(`[faults] ingestion kill: ${describeLoad(report)}`);

    expect(report.unexpected, 'answers other than 201 or a 503 problem with Retry-After').toEqual([]);
    expect(
      Object.keys(report.outcomes).filter((o) => o !== '201' && !o.startsWith('503 ')),
      'answers other than 201 and 503',
    ).toEqual([]);
    expect(report.unacknowledged, 'batches never acknowledged').toBe(0);
    expect(report.outcomes['503 service_unavailable'] ?? 0, 'clients saw the outage as 503').toBeGreaterThan(0);
    const figures = await expectVerdict(db, report.acknowledged);
    expect(figures.alerts, 'crossings happened during the load').toBeGreaterThan(0);
  });
});
