import { FeatureError } from '@emissions/service-kit';
import type { AlertDetail, AlertResolution, WebhookEventType } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SiteUpdatesPublisher } from '../../live/site-updates.publisher';
import { WebhookDeliveriesRepository } from '../../webhooks/webhook-deliveries.repository';
import { WebhookDispatcher } from '../../webhooks/webhook-dispatcher';
import { ALERT_COLUMNS, type AlertRow, toAlertView } from '../alert.view';
import { GetAlertHandler } from '../queries/get-alert.handler';
import { type AlertMove, statusesAllowing } from './alert-transition';

export type AlertStatusChange = { id: string; move: AlertMove; by: string; note?: string; resolution?: AlertResolution };

const EVENT_OF: Record<AlertMove, WebhookEventType> = { acknowledge: 'alert.acknowledged', resolve: 'alert.resolved' };

/**
 * Acknowledges or resolves an alert. One transaction: the guarded UPDATE (only from a status the move
 * allows, so of two concurrent moves exactly one wins), its history entry and its webhook deliveries.
 * A refused move changes nothing and answers alert_state_conflict.
 */
@Injectable()
export class ChangeAlertStatusHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly live: SiteUpdatesPublisher,
    private readonly getAlert: GetAlertHandler,
  ) {}

  async execute(change: AlertStatusChange): Promise<AlertDetail> {
    const to = change.move === 'acknowledge' ? 'acknowledged' : 'resolved';
    const { row, deliveryIds } = await this.em.fork().transactional(async (em) => {
      const updated = await em.execute<AlertRow[]>(
        `UPDATE alerting.alerts SET status = ?, resolution = ? WHERE id = ? AND status = ANY(?::text[]) RETURNING ${ALERT_COLUMNS}`,
        [to, change.resolution ?? null, change.id, `{${statusesAllowing(change.move).join(',')}}`],
        'all',
      );
      if (updated.length === 0) throw await this.refusal(em, change);
      const row = updated[0];
      await em.execute(
        'INSERT INTO alerting.alert_history (site_id, alert_id, by, action, note) VALUES (?, ?, ?, ?, ?)',
        [row.site_id, row.id, change.by, to, change.note ?? null],
        'run',
      );
      return { row, deliveryIds: await this.deliveries.createFor(em, toAlertView(row), EVENT_OF[change.move]) };
    });
    await this.dispatcher.enqueue(deliveryIds);
    await this.live.publishAlertChange({ id: row.id, site_id: row.site_id, type: row.type, status: row.status, action: to });
    const detail = await this.getAlert.execute(row.id);
    if (!detail) throw new FeatureError('alert_not_found', `No alert with id ${row.id}.`);
    return detail;
  }

  private async refusal(em: EntityManager, change: AlertStatusChange): Promise<FeatureError> {
    const rows = await em.execute<{ status: AlertRow['status'] }[]>('SELECT status FROM alerting.alerts WHERE id = ?', [change.id], 'all');
    if (rows.length === 0) return new FeatureError('alert_not_found', `No alert with id ${change.id}.`);
    const allowed = statusesAllowing(change.move).join(' or ');
    return new FeatureError(
      'alert_state_conflict',
      `The alert is ${rows[0].status}; ${change.move} is allowed only from ${allowed}. Nothing was changed.`,
    );
  }
}
