import { errorSummary, FeatureError } from '@emissions/service-kit';
import type { IngestBatchCommand, IngestBatchResult } from '@emissions/contracts';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { type IngestBatchOutcome, IngestionMetrics } from '../metrics/ingestion.metrics';

const OUTCOME_OF_CODE: Partial<Record<string, IngestBatchOutcome>> = {
  site_not_found: 'not_found',
  site_archived: 'not_found',
  idempotency_key_reused: 'key_reused',
  idempotency_request_in_progress: 'in_progress',
};

/**
 * The ingest command's log line and metrics: exactly one log call per batch (never per reading), carrying
 * the gateway's `request_id` so one grep follows the batch through every service. Readings and SQL
 * parameters are never logged: counts only.
 */
@Injectable()
export class IngestBatchTelemetry {
  constructor(
    private readonly logger: PinoLogger,
    private readonly metrics: IngestionMetrics,
  ) {
    logger.setContext('IngestBatch');
  }

  succeeded(command: IngestBatchCommand, result: IngestBatchResult, startedAt: number): void {
    const outcome: IngestBatchOutcome = result.replayed ? 'replayed' : 'created';
    const seconds = this.count(outcome, startedAt);
    const body = result.body;
    if (!result.replayed) {
      this.metrics.readings.inc({ outcome: 'accepted' }, body.readings_accepted);
      this.metrics.readings.inc({ outcome: 'duplicate' }, body.readings_duplicate);
      this.metrics.readings.inc({ outcome: 'conflicting' }, body.readings_conflicting);
    }
    this.logger.info(
      {
        ...this.base(command, outcome, seconds),
        batch_id: body.batch_id,
        readings_accepted: body.readings_accepted,
        readings_duplicate: body.readings_duplicate,
        readings_conflicting: body.readings_conflicting,
      },
      'ingest batch %s',
      outcome,
    );
  }

  failed(command: IngestBatchCommand, err: unknown, startedAt: number): void {
    const outcome = (err instanceof FeatureError && OUTCOME_OF_CODE[err.code]) || 'error';
    const seconds = this.count(outcome, startedAt);
    const fields = { ...this.base(command, outcome, seconds), ...errorSummary(err) };
    if (outcome === 'error') this.logger.warn(fields, 'ingest batch failed');
    else this.logger.info(fields, 'ingest batch %s', outcome);
  }

  retried(command: IngestBatchCommand, err: unknown, attempt: number): void {
    this.logger.warn({ request_id: command.request_id, site_id: command.site_id, attempt, ...errorSummary(err) }, 'ingest batch retried');
  }

  private count(outcome: IngestBatchOutcome, startedAt: number): number {
    const seconds = (performance.now() - startedAt) / 1000;
    this.metrics.batches.inc({ outcome });
    this.metrics.batchDuration.observe({ outcome }, seconds);
    return seconds;
  }

  private base(command: IngestBatchCommand, outcome: IngestBatchOutcome, seconds: number) {
    return {
      request_id: command.request_id,
      site_id: command.site_id,
      client_id: command.client_id,
      api_version: command.api_version,
      outcome,
      readings_received: command.readings.length,
      duration_ms: Math.round(seconds * 10_000) / 10,
    };
  }
}
