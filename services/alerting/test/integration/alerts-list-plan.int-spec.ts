import type { ListAlertsQuery } from '@emissions/contracts';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertCountsStatement, alertsPageStatement } from '../../src/alerts/queries/list-alerts.handler';

// An alert history as a fleet builds it: 50,000 alerts, one in fifty still open and one in fifty acknowledged.
const db = new Client({ connectionString: process.env.DATABASE_URL });
beforeAll(async () => {
  await db.connect();
  await db.query(
    `INSERT INTO alerting.alerts (id, site_id, type, total_at_trigger, emission_limit, triggered_at, event_id, batch_id, status, resolution)
     SELECT gen_random_uuid(), gen_random_uuid(), 'limit_exceeded', 10, 5, now() - g * interval '1 minute', 'plan-' || g, gen_random_uuid(),
            CASE g % 50 WHEN 0 THEN 'open' WHEN 1 THEN 'acknowledged' ELSE 'resolved' END, CASE WHEN g % 50 > 1 THEN 'fixed' END
       FROM generate_series(1, 50000) g`,
  );
  await db.query('ANALYZE alerting.alerts');
});
afterAll(async () => {
  await db.query("DELETE FROM alerting.alerts WHERE event_id LIKE 'plan-%'");
  await db.end();
});

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/** The plan's nodes, for a statement with `?` placeholders. */
async function planOf(statement: { sql: string; params: unknown[] }): Promise<PlanNode[]> {
  let n = 0;
  const text = statement.sql.replace(/\?/g, () => `$${++n}`);
  const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${text}`, statement.params);
  return nodes(rows[0]['QUERY PLAN'][0].Plan);
}
const describePlan = (plan: PlanNode[]) => plan.map((n) => `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`).join(' > ');

const queries: Array<[string, ListAlertsQuery]> = [
  ['open first, every site', { order: 'open_first', limit: 50 }],
  ['open first, one type', { order: 'open_first', limit: 50, type: 'limit_exceeded' }],
  ['newest, every site', { order: 'newest', limit: 50 }],
  ['newest, one status', { order: 'newest', limit: 50, status: 'resolved' }],
];

describe('the alert list over a history of 50,000 alerts', () => {
  it.each(queries)('reads a page (%s) in order from an index: no scan of the table, no sort', async (_name, query) => {
    const plan = await planOf(alertsPageStatement(query));
    expect(
      plan.filter((n) => /Seq Scan|Sort/.test(n['Node Type'])),
      describePlan(plan),
    ).toEqual([]);
  });

  it.each(queries)('counts the open and acknowledged alerts (%s) from the status index, not the whole history', async (_name, query) => {
    const plan = await planOf(alertCountsStatement(query));
    expect(
      plan.filter((n) => n['Node Type'] === 'Seq Scan' || (n['Index Name'] ?? 'alerts_status_newest') !== 'alerts_status_newest'),
      describePlan(plan),
    ).toEqual([]);
    expect(
      plan.map((n) => n['Index Name']),
      describePlan(plan),
    ).toContain('alerts_status_newest');
  });
});
