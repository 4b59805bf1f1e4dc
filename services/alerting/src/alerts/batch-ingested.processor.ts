import { BatchIngestedV1Schema } from '@emissions/contracts';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { SiteUpdatesPublisher } from '../live/site-updates.publisher';
import { AlertingMetrics } from '../metrics/alerting.metrics';
import { type RecordOutcome, RecordBatchIngestedHandler } from './commands/record-batch-ingested.handler';
import { LimitCrossingDetector } from './limit-crossing.detector';

/**
 * BullMQ adapter for batch.ingested events. Not decorated here: the queue name comes from the
 * configuration, so `AlertsModule.forRoot` applies `@Processor(QUEUE_NAME)` to a subclass.
 * A payload that fails its schema can never succeed (UnrecoverableError); anything else is thrown so
 * BullMQ retries it with backoff.
 */
@Injectable()
export class BatchIngestedProcessor extends WorkerHost {
  private readonly logger = new Logger(BatchIngestedProcessor.name);

  constructor(
    private readonly record: RecordBatchIngestedHandler,
    private readonly detector: LimitCrossingDetector,
    private readonly siteUpdates: SiteUpdatesPublisher,
    private readonly metrics: AlertingMetrics,
  ) {
    super();
  }

  async process(job: Job<unknown>): Promise<RecordOutcome> {
    const parsed = BatchIngestedV1Schema.safeParse(job.data);
    if (!parsed.success) {
      this.metrics.events.inc({ outcome: 'invalid' });
      throw new UnrecoverableError(`invalid batch.ingested payload: ${z.prettifyError(parsed.error)}`);
    }
    const event = parsed.data;
    const outcome = await this.record.execute(event);
    this.metrics.events.inc({ outcome: outcome.duplicate ? 'duplicate' : 'processed' });
    if (!outcome.duplicate) this.metrics.commitToAlert.observe(Math.max(0, Date.now() - Date.parse(event.committed_at)) / 1000);
    // Sent for duplicates too: an earlier attempt may have committed and then failed to publish.
    await this.siteUpdates.publish(
      {
        site_id: event.site_id,
        total_emissions_to_date: event.total_after,
        compliance_status: this.detector.isExceeded(event.total_after, event.emission_limit) ? 'Limit Exceeded' : 'Within Limit',
      },
      outcome.alertRaised,
    );
    if (outcome.alertRaised) this.logger.log(`limit_exceeded alert raised for site ${event.site_id} (event ${event.event_id})`);
    return outcome;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.logger.warn(`job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`);
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`worker error: ${err.message}`);
  }
}
