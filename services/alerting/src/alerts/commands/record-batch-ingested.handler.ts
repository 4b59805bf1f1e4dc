import { inUnitOfWork } from '@emissions/service-kit';
import { type Alert, BATCH_INGESTED } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RecordRateReadingsHandler } from '../../emission-events/commands/record-rate-readings.handler';
import { InboxRepository } from '../../inbox/inbox.repository';
import { WebhookDeliveriesRepository } from '../../webhooks/webhook-deliveries.repository';
import { AlertingHooks } from '../alerting.hooks';
import { ANNUAL_LIMIT_EXCEEDED, LIMIT_EXCEEDED, type LimitAlertType, NEAR_LIMIT } from '../alert.entity';
import { AlertsRepository } from '../alerts.repository';
import { LimitCrossingDetector } from '../limit-crossing.detector';
import { type ComplianceEvent, complianceAfter } from '../compliance-event';

const ALERT_RAISED = 'alert.raised' as const;

/**
 * `alert` is set when this delivery raised the limit_exceeded alert, `superEmitterAlerts` when it raised
 * super_emitter ones, `otherAlerts` near_limit or annual_limit_exceeded ones; `deliveryIds` are their webhook deliveries (queued after the commit).
 */
export type RecordOutcome = {
  duplicate: boolean;
  alertRaised: boolean;
  alert?: Alert;
  superEmitterAlerts?: Alert[];
  /** near_limit and annual_limit_exceeded alerts this delivery raised. */
  otherAlerts?: Alert[];
  deliveryIds?: string[];
};

/**
 * Applies one compliance event (batch.ingested or site.settings_changed) exactly once in effect: the inbox
 * row and the alerts commit together, so a redelivered event finds its inbox row and changes nothing, and a
 * crash before the commit leaves neither behind. The one-per-crossing unique indexes ((site, type, limit, limit
 * revision) for limit_exceeded and near_limit, (site, reporting year start, limit revision) for
 * annual_limit_exceeded) guard the alert even across event ids: a batch and a redelivered settings event can never claim one crossing twice.
 */
@Injectable()
export class RecordBatchIngestedHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly detector: LimitCrossingDetector,
    private readonly hooks: AlertingHooks,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly rateReadings: RecordRateReadingsHandler,
    private readonly inbox: InboxRepository,
    private readonly alerts: AlertsRepository,
  ) {}

  async execute(event: ComplianceEvent): Promise<RecordOutcome> {
    if (!this.mayChangeMoreThanInbox(event)) {
      const [outcome] = (await this.recordInboxOnly([event])).values();
      return outcome;
    }
    return inUnitOfWork(this.em.fork(), async (em) => {
      // A new inbox row of a batch with rate readings takes the site's derivation lock in the same statement
      // (one round trip less): inbox row, then the lock, then any alert row (one lock order). The same statement
      // reads the webhooks subscribed to raised alerts, so raising needs no read of its own.
      const lock = event.type === BATCH_INGESTED ? this.rateReadings.lockWithInboxRow(event) : null;
      const entry = await this.inbox.record(em, event, { sql: this.deliveries.subscribersOf(), eventType: ALERT_RAISED }, lock);
      if (entry === null) return { duplicate: true, alertRaised: false };
      const superEmitterAlerts = event.type === BATCH_INGESTED ? await this.rateReadings.execute(em, event) : [];
      const limitAlerts: Alert[] = [];
      let limitExceeded: Alert | null = null;
      const after = complianceAfter(event);
      if (this.detector.crossedBy(event)) {
        limitExceeded = await this.raise(em, event, LIMIT_EXCEEDED, { total: after.total, limit: after.emission_limit, periodStart: null });
      } else if (this.detector.nearLimitCrossedBy(event)) {
        const alert = await this.raise(em, event, NEAR_LIMIT, { total: after.total, limit: after.emission_limit, periodStart: null });
        if (alert) limitAlerts.push(alert);
      }
      for (const crossing of this.detector.annualCrossingsOf(event)) {
        const alert = await this.raise(em, event, ANNUAL_LIMIT_EXCEEDED, {
          total: crossing.total,
          limit: crossing.annual_limit,
          periodStart: crossing.period_start,
        });
        if (alert) limitAlerts.push(alert);
      }
      const raised = [...superEmitterAlerts, ...(limitExceeded ? [limitExceeded] : []), ...limitAlerts];
      const deliveryIds = await this.deliveries.createForAll(em, raised, ALERT_RAISED, entry.raisedHooks);
      await this.hooks.beforeCommit(event);
      if (!limitExceeded && superEmitterAlerts.length === 0 && limitAlerts.length === 0) return { duplicate: false, alertRaised: false };
      return {
        duplicate: false,
        alertRaised: limitExceeded !== null,
        ...(limitExceeded ? { alert: limitExceeded } : {}),
        ...(superEmitterAlerts.length > 0 ? { superEmitterAlerts } : {}),
        ...(limitAlerts.length > 0 ? { otherAlerts: limitAlerts } : {}),
        deliveryIds,
      };
    });
  }

  /**
   * A relay sweep's events: those that can change nothing but their inbox row are recorded by one statement
   * for all of them, the others one by one as `execute` does, in order. Outcomes in the events' order.
   */
  async executeAll(events: readonly ComplianceEvent[]): Promise<RecordOutcome[]> {
    const quiet = await this.recordInboxOnly(events.filter((e) => !this.mayChangeMoreThanInbox(e)));
    const outcomes: RecordOutcome[] = [];
    for (const event of events) outcomes.push(quiet.get(event) ?? (await this.execute(event)));
    return outcomes;
  }

  /**
   * Whether the event can raise an alert or store rate readings. Everything that decides it is in the event
   * (the totals before and after, the limits, the rate readings), so it is known before any SQL.
   */
  private mayChangeMoreThanInbox(event: ComplianceEvent): boolean {
    if (event.type === BATCH_INGESTED && this.rateReadings.lockWithInboxRow(event) !== null) return true;
    return this.detector.crossedBy(event) || this.detector.nearLimitCrossedBy(event) || this.detector.annualCrossingsOf(event).length > 0;
  }

  /**
   * Most events change nothing but the inbox: one autocommitted statement records them all (no BEGIN and COMMIT
   * round trips, no transaction set up in MikroORM and knex). Exactly once in effect still holds: the row is the
   * whole effect, and a redelivery finds it. An event id listed twice is a duplicate the second time.
   */
  private async recordInboxOnly(events: readonly ComplianceEvent[]): Promise<Map<ComplianceEvent, RecordOutcome>> {
    const outcomes = new Map<ComplianceEvent, RecordOutcome>();
    if (events.length === 0) return outcomes;
    const inserted = await this.inbox.recordAll(this.em.fork(), events);
    for (const event of events) {
      const isNew = inserted.delete(event.event_id);
      outcomes.set(event, { duplicate: !isNew, alertRaised: false });
    }
    return outcomes;
  }

  /** The crossing's limit alert unless it has one already; returns it when this call raised it. */
  private raise(
    em: EntityManager,
    event: ComplianceEvent,
    type: LimitAlertType,
    figures: { total: string; limit: string; periodStart: string | null },
  ): Promise<Alert | null> {
    const after = complianceAfter(event);
    return this.alerts.raiseLimitAlert(em, {
      siteId: event.site_id,
      type,
      total: figures.total,
      limit: figures.limit,
      limitRevision: after.limit_revision,
      periodStart: figures.periodStart,
      triggeredAt: event.committed_at,
      eventId: event.event_id,
      batchId: after.cause_id,
    });
  }
}
