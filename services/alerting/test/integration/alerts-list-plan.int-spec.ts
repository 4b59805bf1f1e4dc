import type { ListAlertsQuery } from '@emissions/contracts';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertCountsStatement, alertsPageStatement } from '../../src/alerts/queries/list-alerts.handler';
import { describePlan, planOf } from '../support/query-plan';

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

/** The list statements name their text `sql`. */
const explain = (statement: { sql: string; params: unknown[] }) =>
  planOf(db, { text: statement.sql, params: statement.params as (string | number)[] });

const queries: Array<[string, ListAlertsQuery]> = [
  ['open first, every site', { order: 'open_first', limit: 50 }],
  ['open first, one type', { order: 'open_first', limit: 50, type: 'limit_exceeded' }],
  ['newest, every site', { order: 'newest', limit: 50 }],
  ['newest, one status', { order: 'newest', limit: 50, status: 'resolved' }],
];

describe('the alert list over a history of 50,000 alerts', () => {
  it.each(queries)('reads a page (%s) in order from an index: no scan of the table, no sort', async (_name, query) => {
    const plan = await explain(alertsPageStatement(query));
    expect(
      plan.filter((n) => /Seq Scan|Sort/.test(n['Node Type'])),
      describePlan(plan),
    ).toEqual([]);
  });

  it.each(queries)('counts the open and acknowledged alerts (%s) from the status index, not the whole history', async (_name, query) => {
    const plan = await explain(alertCountsStatement(query));
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
