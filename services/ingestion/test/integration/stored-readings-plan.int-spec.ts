import type { NormalizedReading } from '@emissions/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedReadingsStatement } from '../../src/ingestion/measurements.repository';
import { type IngestionTestApp, startIngestionTestApp } from '../support/ingestion-test-app';
import { planNodes, planOf } from '../support/query-plan';

let app: IngestionTestApp;
let siteId: string;
beforeAll(async () => {
  app = await startIngestionTestApp();
  siteId = (await app.newSite()).id;
  // Two years of hourly readings from 10 sensors, straight into the table: the plan, not the figures, is under test.
  await app.sql(
    `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
     SELECT ?::uuid, timestamptz '2025-01-01T00:00:00Z' + (g / 10) * interval '1 hour', 'plan-' || (g % 10), 1, gen_random_uuid()
     FROM generate_series(0, 175199) g`,
    [siteId],
  );
  await app.sql('ANALYZE measurements');
});
// The readings bypassed the ledger: take them away, so files run after this one still find every site's summary equal to its readings.
afterAll(async () => {
  await app.sql('DELETE FROM measurements WHERE site_id = ?::uuid', [siteId]);
  await app.close();
});

describe("the stored values of a partly duplicate batch's readings (a site with two years of readings)", () => {
  it('reads only the partition of the month the batch falls in', async () => {
    const readings = Array.from({ length: 100 }, (_, i) => ({
      sensor_id: `plan-${i % 10}`,
      measured_at: `2026-06-03T${String(Math.floor(i / 10)).padStart(2, '0')}:00:00.5Z`,
      value: '1',
    })) as NormalizedReading[];
    const statement = storedReadingsStatement(siteId, '00000000-0000-4000-8000-000000000000', readings);
    const root = await planOf(app, statement);
    const partitions = new Set(
      planNodes(root)
        .map((n) => n['Relation Name'])
        .filter((name) => name?.startsWith('measurements')),
    );
    expect([...partitions]).toEqual(['measurements_m2026_06']);
  });
});
