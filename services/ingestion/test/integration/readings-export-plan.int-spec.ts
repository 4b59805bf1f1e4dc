import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingsPageStatement } from '../../src/reports/readings-page.handler';
import { type IngestionTestApp, startIngestionTestApp } from '../support/ingestion-test-app';

let app: IngestionTestApp;
let siteId: string;
beforeAll(async () => {
  app = await startIngestionTestApp();
  siteId = (await app.newSite()).id;
  // Straight into the table (no ledger): the plan, not the figures, is under test here.
  await app.sql(
    `INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
     SELECT ?::uuid, timestamptz '2025-01-01T00:00:00Z' + (g / 20) * interval '1 minute', 'plan-' || (g % 20), 1, gen_random_uuid()
     FROM generate_series(0, 199999) g`,
    [siteId],
  );
  await app.sql('ANALYZE measurements');
});
// The readings bypassed the ledger: take them away, so files run after this one (one shared database) still find every
// site's summary equal to its readings.
afterAll(async () => {
  await app.sql('DELETE FROM measurements WHERE site_id = ?::uuid', [siteId]);
  await app.close();
});

/** Every node type of the plan PostgreSQL chooses for a page of the export. */
async function planNodes(cursor: { t: string; s: string } | null): Promise<string[]> {
  const statement = readingsPageStatement(
    { id: siteId, from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', cursor: null, limit: 5000 },
    cursor,
  );
  const [row] = await app.sql<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${statement.text}`, [...statement.params]);
  const nodes: string[] = [];
  const walk = (node: { 'Node Type': string; Plans?: unknown[] }) => {
    nodes.push(node['Node Type']);
    for (const child of node.Plans ?? []) walk(child as typeof node);
  };
  walk((row['QUERY PLAN'] as Array<{ Plan: { 'Node Type': string } }>)[0].Plan);
  return nodes;
}

describe('the readings export pages (200,000 readings of one site)', () => {
  it.each([
    ['the first page', null],
    ['a page after a cursor', { t: '2025-03-01T00:00:00Z', s: 'plan-7' }],
  ])('read %s in primary-key order from the index, never sorting the range', async (_name, cursor) => {
    const nodes = await planNodes(cursor);
    expect(
      nodes.filter((n) => /Sort|Gather|Seq Scan/.test(n)),
      nodes.join(' > '),
    ).toEqual([]);
    expect(
      nodes.some((n) => n.startsWith('Index')),
      nodes.join(' > '),
    ).toBe(true);
  });
});
