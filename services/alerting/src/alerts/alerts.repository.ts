import { type Alert, SEVERITY_OF } from '@emissions/contracts';
import { arrayLiteral, preparedStatement } from '@emissions/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LimitAlertType } from './alert.entity';
import { ALERT_COLUMNS, type AlertRow, toAlertView } from './alert.view';

/** One limit crossing as the alert records it. */
export type LimitCrossing = {
  siteId: string;
  type: LimitAlertType;
  total: string;
  limit: string;
  limitRevision: number;
  /** The reporting year's start for annual_limit_exceeded, else null. */
  periodStart: string | null;
  triggeredAt: string;
  eventId: string;
  batchId: string;
};

/**
 * The writes of `alerting.alerts` and its `alert_history`, in the caller's transaction: limit alerts raised
 * (limit_exceeded, near_limit, annual_limit_exceeded) and the lifecycle's moves. The one-per-crossing unique
 * indexes ((site, type, limit, limit revision); (site, reporting year start, limit revision) for annual ones) make
 * a second raise of a crossing a no-op, whichever event or worker attempts it. Super-emitter alerts belong to their
 * emission events (SuperEmitterAlertsRepository).
 */
@Injectable()
export class AlertsRepository {
  /** The crossing's alert unless it already has one; returns the alert when this call raised it. Prepared (fixed text). */
  async raiseLimitAlert(em: EntityManager, crossing: LimitCrossing): Promise<Alert | null> {
    const inserted = await preparedStatement<AlertRow>(
      em,
      `INSERT INTO alerting.alerts (id, site_id, type, severity, total_at_trigger, emission_limit, limit_revision, triggered_at, event_id,
         batch_id, period_start)
       VALUES (?::uuid, ?::uuid, ?, ?, ?::numeric, ?::numeric, ?::integer, ?::timestamptz, ?, ?::uuid, ?::timestamptz)
       ON CONFLICT DO NOTHING RETURNING ${ALERT_COLUMNS}`,
      [
        randomUUID(),
        crossing.siteId,
        crossing.type,
        SEVERITY_OF[crossing.type],
        crossing.total,
        crossing.limit,
        crossing.limitRevision,
        crossing.triggeredAt,
        crossing.eventId,
        crossing.batchId,
        crossing.periodStart,
      ],
    );
    return inserted.length > 0 ? toAlertView(inserted[0]) : null;
  }

  /**
   * The guarded move: only from one of `from`, so of two concurrent moves exactly one wins. Returns the moved
   * alert, or null when it does not exist or is in none of those statuses.
   */
  async move(
    em: EntityManager,
    move: { id: string; to: AlertRow['status']; resolution: string | null; from: readonly string[] },
  ): Promise<AlertRow | null> {
    const rows = await em.execute<AlertRow[]>(
      `UPDATE alerting.alerts SET status = ?, resolution = ? WHERE id = ? AND status = ANY(?::text[]) RETURNING ${ALERT_COLUMNS}`,
      [move.to, move.resolution, move.id, arrayLiteral(move.from)],
      'all',
    );
    return rows[0] ?? null;
  }

  /** The history entry of a move (append-only). */
  async appendHistory(em: EntityManager, alert: AlertRow, entry: { by: string; action: string; note: string | null }): Promise<void> {
    await em.execute(
      'INSERT INTO alerting.alert_history (site_id, alert_id, by, action, note) VALUES (?, ?, ?, ?, ?)',
      [alert.site_id, alert.id, entry.by, entry.action, entry.note],
      'run',
    );
  }

  /** The alert's status; null when there is no such alert. */
  async statusOf(em: EntityManager, id: string): Promise<AlertRow['status'] | null> {
    const rows = await em.execute<{ status: AlertRow['status'] }[]>('SELECT status FROM alerting.alerts WHERE id = ?', [id], 'all');
    return rows[0]?.status ?? null;
  }
}
