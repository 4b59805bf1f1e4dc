import { describe, expect, it } from 'vitest';
import { sleep, useFaultStack } from './support/fault-stack';
import { describeLoad, runLoad } from './support/load';
import { terminateSessions } from './support/postgres-sessions';
import { becomesReady, createSites } from './support/sites';
import { expectVerdict } from './support/verdict';

const SERVICES = ['ingestion', 'relay', 'alerting', 'gateway'] as const;

describe('fault: PostgreSQL terminates every session of the database mid-load', () => {
  const stack = useFaultStack('faults_pg_terminate');

  it('answers only 201 or 503 with Retry-After, recovers without a restart and keeps every acknowledged batch exactly once', async () => {
    const { baseUrl, adminKey, db, serverUrl, databaseName, pidOf, alive } = stack();
    const siteIds = await createSites({ baseUrl, adminKey });
    const pids = SERVICES.map(pidOf);
    const terminated: number[] = [];

    const report = await runLoad({ baseUrl, adminKey, siteIds, clients: 8, durationMs: 8000 }, async () => {
      for (let round = 0; round < 4; round++) {
        await sleep(1500);
        terminated.push(await terminateSessions(serverUrl, databaseName));
      }
    });
    console.info(`[faults] pg_terminate_backend ${terminated.join('+')} sessions: ${describeLoad(report)}`);
    expect(
      terminated.every((n) => n > 0),
      'every round terminated sessions',
    ).toBe(true);
    expect(report.unexpected, 'answers other than 201 or a 503 problem with Retry-After').toEqual([]);
    expect(
      Object.keys(report.outcomes).filter((o) => o !== '201' && !o.startsWith('503 ')),
      'answers other than 201 and 503',
    ).toEqual([]);
    expect(report.unacknowledged, 'batches never acknowledged').toBe(0);

    expect(await becomesReady(baseUrl), '/health/ready answers 200 again').toBe(true);
    const after = await runLoad({ baseUrl, adminKey, siteIds, clients: 2, durationMs: 500 });
    console.info(`[faults] after the terminations: ${describeLoad(after)}`);
    expect(after.outcomes['201'], 'every ingest after recovery succeeds at once').toBe(after.requests);
    expect(SERVICES.map(pidOf), 'no service was restarted').toEqual(pids);
    expect
      .soft(
        SERVICES.filter((name) => !alive(name)),
        'services that died of the terminated sessions',
      )
      .toEqual([]);

    await expectVerdict(db, [...report.acknowledged, ...after.acknowledged]);
  });
});
