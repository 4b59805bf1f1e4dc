import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlFragment } from '../../src/database/sql-fragment';
import { readingsCsvChunkStatement } from '../../src/reports/readings-csv-chunk.handler';
import { readingsPageStatement } from '../../src/reports/readings-page.handler';
import { type IngestionTestApp, startIngestionTestApp } from '../support/ingestion-test-app';
import { type PlanNode, planOf } from '../support/query-plan';

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

type Cursor = { t: string; s: string } | null;
const range = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', cursor: null };
const statements: Array<[string, (cursor: Cursor) => SqlFragment]> = [
  ['JSON page', (cursor) => readingsPageStatement({ id: siteId, ...range, limit: 5000 }, cursor)],
  ['CSV chunk', (cursor) => readingsCsvChunkStatement({ id: siteId, ...range, limit: 5000 }, cursor)],
];

const plan = (statement: SqlFragment, analyze: boolean) => planOf(app, statement, analyze);

/** Every node type of the plan PostgreSQL chooses. */
function nodeTypes(node: PlanNode): string[] {
  return [node['Node Type'], ...(node.Plans ?? []).flatMap(nodeTypes)];
}

describe('the readings export pages (200,000 readings of one site)', () => {
  describe.each(statements)('%s', (_kind, statement) => {
    it.each([
      ['the first page', null],
      ['a page after a cursor', { t: '2025-03-01T00:00:00Z', s: 'plan-7' }],
    ])('reads %s in primary-key order from the index, never sorting the range', async (_name, cursor) => {
      const nodes = nodeTypes(await plan(statement(cursor), false));
      expect(
        nodes.filter((n) => /Sort|Gather|Seq Scan/.test(n)),
        nodes.join(' > '),
      ).toEqual([]);
      expect(
        nodes.some((n) => n.startsWith('Index')),
        nodes.join(' > '),
      ).toBe(true);
    });

    it('starts a deep page at its cursor: it reads no more of the index than the first page does', async () => {
      const blocks = async (cursor: Cursor) => {
        const root = await plan(statement(cursor), true);
        return (root['Shared Hit Blocks'] ?? 0) + (root['Shared Read Blocks'] ?? 0);
      };
      const first = await blocks(null);
      // Nine tenths into the range: a scan from the range's start would read ~180,000 index entries first.
      const deep = await blocks({ t: '2025-01-07T06:00:00Z', s: 'plan-7' });
      expect(deep, `first page ${first} blocks`).toBeLessThan(first * 2 + 50);
    });
  });
});
