import { type Alert, SEVERITY_OF } from '@emissions/contracts';
import { preparedStatement } from '@emissions/service-kit';
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
 * Writes of limit alerts (limit_exceeded, near_limit, annual_limit_exceeded), in the caller's transaction. The
 * one-per-crossing unique indexes ((site, type, limit, limit revision); (site, reporting year start, limit
 * revision) for annual ones) make a second raise of a crossing a no-op, whichever event or worker attempts it.
 */
@Injectable()
export class LimitAlertsRepository {
  /** The crossing's alert unless it already has one; returns the alert when this call raised it. Prepared (fixed text). */
  async raise(em: EntityManager, crossing: LimitCrossing): Promise<Alert | null> {
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
}
