import type { AlertCounts, AlertList, ListAlertsCommand } from '@emissions/contracts';
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { microsOf } from '../../database/micros-of';
import { ALERT_COLUMNS, type AlertRow, toAlertView } from '../alert.view';
import { type AlertsAfter, decodeAlertsCursor, encodeAlertsCursor } from './alerts-cursor';

type SqlWithParams = { sql: string; params: unknown[] };
type PageRow = AlertRow & { triggered_us: string; status_rank: number };

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

// The expression of the `alerts_open_first` index (migration 20261205010000): change both together.
const STATUS_RANK = "CASE status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END";

const ORDER = {
  newest: 'triggered_at DESC, id DESC',
  open_first: `${STATUS_RANK}, triggered_at DESC, id DESC`,
} as const;

/** After the cursor's alert in the list's order: the next page starts strictly past it. */
function afterCursor(after: AlertsAfter): SqlWithParams {
  const time = `(triggered_at, id) < ('epoch'::timestamptz + ?::bigint * interval '1 microsecond', ?::uuid)`;
  if (after.order === 'newest') return { sql: time, params: [after.triggered_us, after.id] };
  return {
    sql: `(${STATUS_RANK} > ? OR (${STATUS_RANK} = ? AND ${time}))`,
    params: [after.rank, after.rank, after.triggered_us, after.id],
  };
}

/**
 * The page of alerts, one row more than asked (it tells whether another page follows): an ordered index scan for each
 * order (`alerts_newest`, `alerts_open_first`, or a filter's own), started past the cursor's alert.
 */
export function alertsPageStatement(query: ListAlertsCommand): SqlWithParams {
  const listed = filterOf(query, true);
  let where = listed.sql;
  const params = [...listed.params];
  if (query.cursor !== undefined) {
    const after = afterCursor(decodeAlertsCursor(query.cursor, query.order));
    where = `${where ? `${where} AND` : 'WHERE'} ${after.sql}`;
    params.push(...after.params);
  }
  return {
    sql: `SELECT ${ALERT_COLUMNS}, ${microsOf('triggered_at')} AS triggered_us, ${STATUS_RANK} AS status_rank
          FROM alerting.alerts ${where} ORDER BY ${ORDER[query.order]} LIMIT ?`,
    params: [...params, query.limit + 1],
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
 * first), a page at a time by keyset cursor, with the open and acknowledged counts under the same filters but any
 * status. One snapshot.
 */
@Injectable()
export class ListAlertsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: ListAlertsCommand): Promise<AlertList> {
    return this.em.fork().transactional(
      async (em) => {
        const page = alertsPageStatement(query);
        const rows = await em.execute<PageRow[]>(page.sql, page.params, 'all');
        const counting = alertCountsStatement(query);
        const [counts] = await em.execute<AlertCounts[]>(counting.sql, counting.params, 'all');
        const shown = rows.slice(0, query.limit);
        const last = shown.at(-1);
        const more = rows.length > query.limit && last !== undefined;
        return {
          data: shown.map(toAlertView),
          counts: { open: counts.open, acknowledged: counts.acknowledged },
          ...(more
            ? {
                next_cursor: encodeAlertsCursor({
                  order: query.order,
                  rank: last.status_rank,
                  triggered_us: last.triggered_us,
                  id: last.id,
                }),
              }
            : {}),
        };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }
}
