import type { AlertCounts, AlertList, ListAlertsQuery } from '@emissions/contracts';
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ALERT_COLUMNS, type AlertRow, toAlertView } from '../alert.view';

type Filter = { sql: string; params: unknown[] };

/** The WHERE clause of the filters; `status` is left out for the counts, which an inbox shows per status. */
function filterOf(query: ListAlertsQuery, withStatus: boolean): Filter {
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
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const ORDER = {
  newest: 'triggered_at DESC, id DESC',
  open_first: "CASE status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, triggered_at DESC, id DESC",
} as const;

/**
 * Alerts across every site (or one), filtered by site, status, type and severity, newest first (or open
 * first), with the open and acknowledged counts under the same filters but any status. One snapshot.
 */
@Injectable()
export class ListAlertsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: ListAlertsQuery): Promise<AlertList> {
    return this.em.fork().transactional(
      async (em) => {
        const listed = filterOf(query, true);
        const rows = await em.execute<AlertRow[]>(
          `SELECT ${ALERT_COLUMNS} FROM alerting.alerts ${listed.sql} ORDER BY ${ORDER[query.order]} LIMIT ?`,
          [...listed.params, query.limit],
          'all',
        );
        const counted = filterOf(query, false);
        const [counts] = await em.execute<AlertCounts[]>(
          `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged
           FROM alerting.alerts ${counted.sql}`,
          counted.params,
          'all',
        );
        return { data: rows.map(toAlertView), counts: { open: counts.open, acknowledged: counts.acknowledged } };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }
}
