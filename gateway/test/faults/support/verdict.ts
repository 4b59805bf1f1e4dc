import type { Pool } from 'pg';
import { expect } from 'vitest';
import type { AckedBatch } from './load';
import { orphanMeasurements, settlePipeline, siteFigures, storedBatches } from './stored-state';

export type VerdictFigures = {
  batches: number;
  readings: number;
  sitesOverLimit: number;
  alerts: number;
  outboxEvents: number;
  settleMs: number;
};

/** Every acknowledged batch is stored once, with as many measurement rows as the client was told were accepted. */
async function expectAcknowledgedStoredOnce(db: Pool, acknowledged: AckedBatch[]): Promise<number> {
  const byKey = new Map<string, Set<string>>();
  for (const a of acknowledged) byKey.set(`${a.siteId}/${a.key}`, (byKey.get(`${a.siteId}/${a.key}`) ?? new Set()).add(a.batchId));
  const ackedTwiceAsDifferentBatches = [...byKey].filter(([, ids]) => ids.size > 1).map(([key]) => key);
  expect(ackedTwiceAsDifferentBatches, 'one key acknowledged as two batches').toEqual([]);

  const stored = new Map((await storedBatches(db)).map((b) => [b.batchId, b]));
  const missing = acknowledged.filter((a) => !stored.has(a.batchId)).map((a) => a.batchId);
  expect(missing, 'acknowledged batches with no stored batch row').toEqual([]);
  const miscounted = acknowledged
    .filter((a) => stored.get(a.batchId)?.measurements !== a.readingsAccepted)
    .map((a) => `${a.batchId}: acknowledged ${a.readingsAccepted} readings, stored ${stored.get(a.batchId)?.measurements}`);
  expect(miscounted, 'acknowledged batches whose stored readings differ').toEqual([]);

  // Clients retry every batch until it is acknowledged, so a stored batch nobody was told about is a phantom write.
  const ackedIds = new Set(acknowledged.map((a) => a.batchId));
  const unacknowledged = [...stored.values()].filter((b) => !ackedIds.has(b.batchId)).map((b) => `${b.batchId} (key ${b.key})`);
  expect(unacknowledged, 'stored batches no client was acknowledged').toEqual([]);
  expect(await orphanMeasurements(db), 'measurement rows of no stored batch').toBe(0);
  return [...stored.values()].reduce((sum, b) => sum + b.measurements, 0);
}

/**
 * The verdict every fault scenario ends with, after the pipeline has settled: every acknowledged batch is
 * stored exactly once, every site's total and count equal its stored readings, and every site over its
 * limit has exactly one limit_exceeded alert while no site within its limit has any.
 */
export async function expectVerdict(db: Pool, acknowledged: AckedBatch[]): Promise<VerdictFigures> {
  const { settleMs, publishedMs, state } = await settlePipeline(db);
  expect(state.unpublished, 'outbox rows still unpublished after the pipeline settled').toBe(0);
  const readings = await expectAcknowledgedStoredOnce(db, acknowledged);

  const sites = await siteFigures(db);
  const wrongTotals = sites
    .filter((s) => s.total !== s.readingsSum || s.measurementCount !== s.readingsCount)
    .map((s) => `${s.siteId}: total ${s.total} (count ${s.measurementCount}) vs readings ${s.readingsSum} (count ${s.readingsCount})`);
  expect(wrongTotals, 'sites whose total differs from their stored readings').toEqual([]);

  const wrongAlerts = sites
    .filter((s) => (s.overLimit ? s.alerts !== 1 : s.alerts !== 0))
    .map((s) => `${s.siteId}: ${s.overLimit ? 'over' : 'within'} its limit with ${s.alerts} alerts`);
  expect(wrongAlerts, 'sites without exactly one alert per crossing').toEqual([]);

  const figures = {
    batches: new Set(acknowledged.map((a) => a.batchId)).size,
    readings,
    sitesOverLimit: sites.filter((s) => s.overLimit).length,
    alerts: state.alerts,
    outboxEvents: state.outboxEvents,
    publishedMs,
    settleMs,
  };
  console.info(`[faults] verdict ${JSON.stringify(figures)}`);
  return figures;
}

/**
 * For a run with rate batches (each holding exactly one emission event of its own, see `newRateBatch`): after
 * the pipeline settled, there is one emission event per acknowledged rate batch and exactly one super_emitter
 * alert per event, however often the batches' jobs were delivered.
 */
export async function expectOneSuperEmitterAlertPerEvent(db: Pool, acknowledged: AckedBatch[]): Promise<number> {
  const rateBatches = new Set(acknowledged.filter((a) => a.rates).map((a) => a.batchId)).size;
  expect(rateBatches, 'the run sent rate batches').toBeGreaterThan(0);
  const { rows } = await db.query<{ events: number; alerts: number; wrong: string[] }>(
    `SELECT (SELECT count(*) FROM alerting.emission_events)::int AS events,
            (SELECT count(*) FROM alerting.alerts WHERE type = 'super_emitter')::int AS alerts,
            coalesce((SELECT array_agg(e.id::text || ': ' || coalesce(a.n, 0) || ' alerts')
               FROM alerting.emission_events e
               LEFT JOIN (SELECT emission_event_id, count(*) AS n FROM alerting.alerts WHERE type = 'super_emitter' GROUP BY 1) a
                 ON a.emission_event_id = e.id
              WHERE coalesce(a.n, 0) <> 1), '{}') AS wrong`,
  );
  const [figures] = rows;
  expect(figures.wrong, 'emission events without exactly one super_emitter alert').toEqual([]);
  expect(figures.events, 'emission events vs acknowledged rate batches (one event each)').toBe(rateBatches);
  expect(figures.alerts, 'super_emitter alerts vs emission events').toBe(figures.events);
  console.info(`[faults] super emitters: ${rateBatches} rate batches, ${figures.events} events, ${figures.alerts} alerts`);
  return figures.alerts;
}
