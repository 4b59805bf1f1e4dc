import type { AlertCounts, AlertList, ListAlertsCommand } from '@emissions/contracts';
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ALERT_COLUMNS, type AlertRow, toAlertView } from '../alert.view';

type SqlWithParams = { sql: string; params: unknown[] };

/** The WHERE clause of the filters (a report's period among them); `status` is left out for the counts, which an inbox shows per status. */
function filterOf(query: ListAlertsCommand, withStatus: boolean): SqlWithParams {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`${column} = ?`);
    params.push(value);
  };
  add('site_id', query.site_id);
  add('type', query.type);
  add('severity', query.severity);
  if (withStatus) add('status', query.status);
  if (query.triggered?.from !== undefined) {
    clauses.push('triggered_at >= ?::timestamptz');
    params.push(query.triggered.from);
  }
  if (query.triggered?.before !== undefined) {
    clauses.push('triggered_at < ?::timestamptz');
    params.push(query.triggered.before);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const ORDER = {
  newest: 'triggered_at DESC, id DESC',
  // The expression of the `alerts_open_first` index (migration 20261205010000): change both together.
  open_first: "CASE status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, triggered_at DESC, id DESC",
} as const;

/** The page of alerts: an ordered index scan for each order (`alerts_newest`, `alerts_open_first`, or a filter's own). */
export function alertsPageStatement(query: ListAlertsCommand): SqlWithParams {
  const listed = filterOf(query, true);
  return {
    sql: `SELECT ${ALERT_COLUMNS} FROM alerting.alerts ${listed.sql} ORDER BY ${ORDER[query.order]} LIMIT ?`,
    params: [...listed.params, query.limit],
  };
}

/**
 * The open and acknowledged counts under the filters, any status: read from `alerts_status_newest`, so they cost
 * what is still open, not the whole history of resolved alerts.
 */
export function alertCountsStatement(query: ListAlertsCommand): SqlWithParams {
  const counted = filterOf(query, false);
  const where = counted.sql ? `${counted.sql} AND` : 'WHERE';
  return {
    sql: `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged
          FROM alerting.alerts ${where} status IN ('open', 'acknowledged')`,
    params: counted.params,
  };
}

/**
 * Alerts across every site (or one), filtered by site, status, type and severity, newest first (or open
 * first), with the open and acknowledged counts under the same filters but any status. One snapshot.
 */
@Injectable()
export class ListAlertsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: ListAlertsCommand): Promise<AlertList> {
    return this.em.fork().transactional(
      async (em) => {
        const page = alertsPageStatement(query);
        const rows = await em.execute<AlertRow[]>(page.sql, page.params, 'all');
        const counting = alertCountsStatement(query);
        const [counts] = await em.execute<AlertCounts[]>(counting.sql, counting.params, 'all');
        return { data: rows.map(toAlertView), counts: { open: counts.open, acknowledged: counts.acknowledged } };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }
}
