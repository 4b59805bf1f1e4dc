import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { type AlertChangedEvent, OUTBOX_EVENTS_JOB, OutboxEventsJobSchema, type SiteUpdatedEvent } from '@emissions/contracts';
import { type Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { z } from 'zod';
import { SiteUpdatesPublisher } from '../live/site-updates.publisher';
import { AlertingMetrics } from '../metrics/alerting.metrics';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { type RecordOutcome, RecordBatchIngestedHandler } from './commands/record-batch-ingested.handler';
import { type ComplianceEvent, complianceAfter, parseComplianceEvent } from './compliance-event';
import { LimitCrossingDetector } from './limit-crossing.detector';

/** What a finished job of one event keeps. */
export type JobOutcome = { duplicate: boolean; alertRaised: boolean; superEmitterAlertsRaised?: number; otherAlertsRaised?: string[] };
/** What a finished job of a relay sweep's events keeps: counts (each event's own line is in the log). */
export type GroupOutcome = { events: number; duplicates: number; alertsRaised: number };

/**
 * BullMQ adapter for compliance events: batch.ingested and site.settings_changed (a changed limit is
 * judged like a batch). The relay publishes a sweep's events as one `outbox.events` job (ADR-32); a job
 * named after one event type carries that event alone. Not decorated here: the queue name comes from the
 * configuration, so `AlertsModule.forRoot` applies `@Processor(QUEUE_NAME)` to a subclass.
 * A payload that fails its schema can never succeed (UnrecoverableError, after the group's valid events are
 * recorded); anything else is thrown so BullMQ retries the job with backoff, and the events it had already
 * recorded are duplicates for the inbox then.
 */
@Injectable()
export class BatchIngestedProcessor extends WorkerHost {
  constructor(
    private readonly record: RecordBatchIngestedHandler,
    private readonly detector: LimitCrossingDetector,
    private readonly siteUpdates: SiteUpdatesPublisher,
    private readonly metrics: AlertingMetrics,
    private readonly log: PinoLogger,
    private readonly webhooks: WebhookDispatcher,
  ) {
    super();
    log.setContext(BatchIngestedProcessor.name);
  }

  async process(job: Job<unknown>): Promise<JobOutcome | GroupOutcome> {
    if (job.name === OUTBOX_EVENTS_JOB) return this.processGroup(job);
    const parsed = parseComplianceEvent(job.data);
    if (!parsed.success) {
      this.metrics.events.inc({ outcome: 'invalid' });
      throw new UnrecoverableError(`invalid ${job.name} payload: ${z.prettifyError(parsed.error)}`);
    }
    return this.apply(job, parsed.data);
  }

  /**
   * A sweep's events in commit order, each recorded exactly as a job of its own would be (`executeAll`: the events
   * that can change nothing but their inbox row share one statement); their live updates leave in one round trip.
   */
  private async processGroup(job: Job<unknown>): Promise<GroupOutcome> {
    const envelope = OutboxEventsJobSchema.safeParse(job.data);
    if (!envelope.success) {
      this.metrics.events.inc({ outcome: 'invalid' });
      throw new UnrecoverableError(`invalid ${job.name} payload: ${z.prettifyError(envelope.error)}`);
    }
    const { events } = envelope.data;
    const valid: ComplianceEvent[] = [];
    const invalid: string[] = [];
    for (const data of events) {
      const parsed = parseComplianceEvent(data);
      if (parsed.success) valid.push(parsed.data);
      else {
        this.metrics.events.inc({ outcome: 'invalid' });
        invalid.push(z.prettifyError(parsed.error));
      }
    }
    const recorded = await this.record.executeAll(valid);
    const outcome: GroupOutcome = { events: events.length, duplicates: 0, alertsRaised: 0 };
    for (const [i, event] of valid.entries()) {
      const one = this.observe(job, event, recorded[i]);
      if (one.duplicate) outcome.duplicates++;
      outcome.alertsRaised += (one.alertRaised ? 1 : 0) + (one.superEmitterAlertsRaised ?? 0) + (one.otherAlertsRaised?.length ?? 0);
    }
    // Sent for duplicates too, in one round trip for the group: an earlier attempt may have committed and then failed to publish.
    await this.siteUpdates.publishAll(valid.map((event, i) => this.liveUpdateOf(event, recorded[i])));
    await this.webhooks.enqueue(recorded.flatMap((r) => r.deliveryIds ?? []));
    if (invalid.length > 0) {
      throw new UnrecoverableError(`${invalid.length} of ${events.length} events of ${job.name} invalid: ${invalid.join('; ')}`);
    }
    return outcome;
  }

  private async apply(job: Job<unknown>, event: ComplianceEvent): Promise<JobOutcome> {
    const outcome = await this.record.execute(event);
    const observed = this.observe(job, event, outcome);
    // Sent for duplicates too: an earlier attempt may have committed and then failed to publish.
    const { update, raised } = this.liveUpdateOf(event, outcome);
    await this.siteUpdates.publish(update, raised);
    await this.webhooks.enqueue(outcome.deliveryIds ?? []);
    return observed;
  }

  /** Metrics and the log line of one recorded event; what its job keeps (the alerts and deliveries are in the database). */
  private observe(job: Job<unknown>, event: ComplianceEvent, outcome: RecordOutcome): JobOutcome {
    this.metrics.events.inc({ outcome: outcome.duplicate ? 'duplicate' : 'processed' });
    if (!outcome.duplicate) this.metrics.commitToAlert.observe(Math.max(0, Date.now() - Date.parse(event.committed_at)) / 1000);
    this.logProcessed(job, event, outcome);
    const superEmitter = outcome.superEmitterAlerts?.length ?? 0;
    return {
      duplicate: outcome.duplicate,
      alertRaised: outcome.alertRaised,
      ...(superEmitter > 0 ? { superEmitterAlertsRaised: superEmitter } : {}),
      ...(outcome.otherAlerts?.length ? { otherAlertsRaised: outcome.otherAlerts.map((a) => a.type) } : {}),
    };
  }

  /** The site's total and status after the event, and the alerts this delivery raised. */
  private liveUpdateOf(event: ComplianceEvent, outcome: RecordOutcome): { update: SiteUpdatedEvent; raised: AlertChangedEvent[] } {
    const after = complianceAfter(event);
    const raised = [...(outcome.alert ? [outcome.alert] : []), ...(outcome.otherAlerts ?? []), ...(outcome.superEmitterAlerts ?? [])];
    return {
      update: {
        site_id: event.site_id,
        total_emissions_to_date: after.total,
        compliance_status: this.detector.isExceeded(after.total, after.emission_limit) ? 'Limit Exceeded' : 'Within Limit',
      },
      raised: raised.map((alert) => ({
        id: alert.id,
        site_id: alert.site_id,
        type: alert.type,
        status: alert.status,
        action: 'raised' as const,
      })),
    };
  }

  /** One line per delivery, with the request id of the HTTP request that produced the batch. */
  private logProcessed(job: Job<unknown>, event: ComplianceEvent, outcome: RecordOutcome): void {
    const after = complianceAfter(event);
    const fields = {
      request_id: 'request_id' in event ? event.request_id : null,
      event_id: event.event_id,
      event_type: event.type,
      site_id: event.site_id,
      batch_id: after.cause_id,
      job_id: job.id,
      duplicate: outcome.duplicate,
      alert_raised: outcome.alertRaised,
      ...(outcome.superEmitterAlerts?.length ? { super_emitter_alerts: outcome.superEmitterAlerts.map((a) => a.emission_event_id) } : {}),
      ...(outcome.otherAlerts?.length ? { other_alerts: outcome.otherAlerts.map((a) => a.type) } : {}),
    };
    if (outcome.alertRaised) {
      this.log.info({ ...fields, total_after: after.total, emission_limit: after.emission_limit }, 'limit_exceeded alert raised');
    } else this.log.info(fields, outcome.duplicate ? 'event already processed' : 'event processed');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    const data = job?.data as { request_id?: unknown; event_id?: unknown; events?: unknown } | undefined;
    const ids = Array.isArray(data?.events)
      ? { event_ids: data.events.map((e) => (e as { event_id?: unknown } | null)?.event_id) }
      : { request_id: data?.request_id, event_id: data?.event_id };
    this.log.warn({ ...ids, job_id: job?.id, attempt: job?.attemptsMade, error: err.message }, 'job failed');
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn({ error: err.message }, 'worker error');
  }
}
