import { randomUUID } from 'node:crypto';
import { type Alert, BATCH_INGESTED, SEVERITY_OF } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RecordRateReadingsHandler } from '../../emission-events/commands/record-rate-readings.handler';
import { WebhookDeliveriesRepository } from '../../webhooks/webhook-deliveries.repository';
import { AlertingHooks } from '../alerting.hooks';
import { LIMIT_EXCEEDED } from '../alert.entity';
import { ALERT_COLUMNS, type AlertRow, toAlertView } from '../alert.view';
import { LimitCrossingDetector } from '../limit-crossing.detector';
import { type ComplianceEvent, complianceAfter } from '../compliance-event';

/**
 * `alert` is set when this delivery raised the limit_exceeded alert, `superEmitterAlerts` when it raised
 * super_emitter ones; `deliveryIds` are their webhook deliveries (queued after the commit).
 */
export type RecordOutcome = {
  duplicate: boolean;
  alertRaised: boolean;
  alert?: Alert;
  superEmitterAlerts?: Alert[];
  deliveryIds?: string[];
};

/**
 * Applies one compliance event (batch.ingested or site.settings_changed) exactly once in effect: the inbox
 * row and the alerts commit together, so a redelivered event finds its inbox row and changes nothing, and a
 * crash before the commit leaves neither behind. The one-per-crossing unique constraint (site, type, limit, limit revision) guards the alert
 * even across event ids: a batch and a redelivered settings event can never claim one crossing twice.
 */
@Injectable()
export class RecordBatchIngestedHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly detector: LimitCrossingDetector,
    private readonly hooks: AlertingHooks,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly rateReadings: RecordRateReadingsHandler,
  ) {}

  async execute(event: ComplianceEvent): Promise<RecordOutcome> {
    return this.em.fork().transactional(async (em) => {
      const inbox = await em.execute<{ event_id: string }[]>(
        'INSERT INTO alerting.processed_events (site_id, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING event_id',
        [event.site_id, event.event_id],
        'all',
      );
      if (inbox.length === 0) return { duplicate: true, alertRaised: false };
      // First, so the site's advisory lock is always taken before any alert row (one lock order).
      const superEmitterAlerts = event.type === BATCH_INGESTED ? await this.rateReadings.execute(em, event) : [];
      const deliveryIds: string[] = [];
      for (const alert of superEmitterAlerts) deliveryIds.push(...(await this.deliveries.createFor(em, alert, 'alert.raised')));
      let outcome: RecordOutcome = { duplicate: false, alertRaised: false };
      if (this.detector.crossedBy(event)) {
        const after = complianceAfter(event);
        const inserted = await em.execute<AlertRow[]>(
          `INSERT INTO alerting.alerts (id, site_id, type, severity, total_at_trigger, emission_limit, limit_revision, triggered_at, event_id, batch_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?, ?) ON CONFLICT DO NOTHING RETURNING ${ALERT_COLUMNS}`,
          [
            randomUUID(),
            event.site_id,
            LIMIT_EXCEEDED,
            SEVERITY_OF[LIMIT_EXCEEDED],
            after.total,
            after.emission_limit,
            after.limit_revision,
            event.committed_at,
            event.event_id,
            after.cause_id,
          ],
          'all',
        );
        if (inserted.length > 0) {
          const alert = toAlertView(inserted[0]);
          outcome = { duplicate: false, alertRaised: true, alert, deliveryIds: await this.deliveries.createFor(em, alert, 'alert.raised') };
        }
      }
      await this.hooks.beforeCommit(event);
      if (superEmitterAlerts.length === 0) return outcome;
      return { ...outcome, superEmitterAlerts, deliveryIds: [...(outcome.deliveryIds ?? []), ...deliveryIds] };
    });
  }
}
