import { FeatureError } from '@emissions/service-kit';
import type { AlertDetail, AlertResolution, WebhookEventType } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SiteUpdatesPublisher } from '../../live/site-updates.publisher';
import { WebhookDeliveriesRepository } from '../../webhooks/webhook-deliveries.repository';
import { WebhookDispatcher } from '../../webhooks/webhook-dispatcher';
import { toAlertView } from '../alert.view';
import { AlertsRepository } from '../alerts.repository';
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
    private readonly alerts: AlertsRepository,
  ) {}

  async execute(change: AlertStatusChange): Promise<AlertDetail> {
    const to = change.move === 'acknowledge' ? 'acknowledged' : 'resolved';
    const { row, deliveryIds } = await this.em.fork().transactional(async (em) => {
      const row = await this.alerts.move(em, {
        id: change.id,
        to,
        resolution: change.resolution ?? null,
        from: statusesAllowing(change.move),
      });
      if (row === null) throw await this.refusal(em, change);
      await this.alerts.appendHistory(em, row, { by: change.by, action: to, note: change.note ?? null });
      return { row, deliveryIds: await this.deliveries.createFor(em, toAlertView(row), EVENT_OF[change.move]) };
    });
    await this.dispatcher.enqueue(deliveryIds);
    await this.live.publishAlertChange({ id: row.id, site_id: row.site_id, type: row.type, status: row.status, action: to });
    const detail = await this.getAlert.execute(row.id);
    if (!detail) throw new FeatureError('alert_not_found', `No alert with id ${row.id}.`);
    return detail;
  }

  private async refusal(em: EntityManager, change: AlertStatusChange): Promise<FeatureError> {
    const status = await this.alerts.statusOf(em, change.id);
    if (status === null) return new FeatureError('alert_not_found', `No alert with id ${change.id}.`);
    const allowed = statusesAllowing(change.move).join(' or ');
    return new FeatureError(
      'alert_state_conflict',
      `The alert is ${status}; ${change.move} is allowed only from ${allowed}. Nothing was changed.`,
    );
  }
}
