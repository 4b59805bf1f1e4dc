import type { AlertDetail, AlertHistoryEntry } from '@emissions/contracts';
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ALERT_COLUMNS, type AlertRow, toAlertView } from '../alert.view';

type HistoryRow = { at: Date; by: string; action: 'acknowledged' | 'resolved'; note: string | null };

/**
 * One alert with its history: the raise (by `system`, at `triggered_at`) followed by every stored move,
 * oldest first. Read in one snapshot so the status and the history agree.
 */
@Injectable()
export class GetAlertHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(id: string): Promise<AlertDetail | null> {
    return this.em.fork().transactional(
      async (em) => {
        const rows = await em.execute<AlertRow[]>(`SELECT ${ALERT_COLUMNS} FROM alerting.alerts WHERE id = ?`, [id], 'all');
        if (rows.length === 0) return null;
        const alert = toAlertView(rows[0]);
        const moves = await em.execute<HistoryRow[]>(
          'SELECT at, by, action, note FROM alerting.alert_history WHERE site_id = ? AND alert_id = ? ORDER BY seq',
          [alert.site_id, alert.id],
          'all',
        );
        const raised: AlertHistoryEntry = { at: alert.triggered_at, by: 'system', action: 'raised', note: null };
        return { ...alert, history: [raised, ...moves.map((m) => ({ ...m, at: new Date(m.at).toISOString() }))] };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }
}
