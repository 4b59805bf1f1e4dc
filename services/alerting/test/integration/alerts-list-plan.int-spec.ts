import type { ListAlertsQuery } from '@emissions/contracts';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAlertsCursor } from '../../src/alerts/queries/alerts-cursor';
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

/** A cursor at a resolved alert an hour ago: the next page starts in the middle of the history. */
function cursorAnHourAgo(order: 'newest' | 'open_first'): string {
  return encodeAlertsCursor({
    order,
    rank: 2,
    triggered_us: String((Date.now() - 3_600_000) * 1000),
    id: '00000000-0000-4000-8000-000000000000',
  });
}

/** The list statements name their text `sql`. */
const explain = (statement: { sql: string; params: unknown[] }) =>
  planOf(db, { text: statement.sql, params: statement.params as (string | number)[] });

const queries: Array<[string, ListAlertsQuery]> = [
  ['open first, every site', { order: 'open_first', limit: 50 }],
  ['open first, one type', { order: 'open_first', limit: 50, type: 'limit_exceeded' }],
  ['newest, every site', { order: 'newest', limit: 50 }],
  ['newest, one status', { order: 'newest', limit: 50, status: 'resolved' }],
  ['newest, past a cursor', { order: 'newest', limit: 50, cursor: cursorAnHourAgo('newest') }],
  ['open first, past a cursor', { order: 'open_first', limit: 50, cursor: cursorAnHourAgo('open_first') }],
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
