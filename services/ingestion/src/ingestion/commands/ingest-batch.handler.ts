import { randomUUID } from 'node:crypto';
import { type IngestBatchCommand, type IngestBatchResult, IngestResponseSchema } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { isLockTimeout, isRetryableTransactionError } from '../../errors/database-failure';
import { FeatureError } from '../../errors/feature.error';
import { IngestBatchTelemetry } from '../ingest-batch.telemetry';
import { payloadFingerprint } from '../payload-fingerprint';

const MAX_ATTEMPTS = 4;

type IngestOutcome =
  | { outcome: 'created' | 'replayed'; response: unknown }
  | { outcome: 'site_not_found' | 'key_reused' | 'in_progress'; response?: undefined };

/**
 * The one ingest command behind v1 and v2. The work is the `ingest_batch` database function (see its
 * migration): one statement, so one transaction and one round trip per batch. It claims the key in the
 * sending client's own ledger (site, client, key), stores the new readings, adds exactly their sum to the
 * site's total and rollups, appends the outbox event and stores the response — or does nothing at all.
 */
@Injectable()
export class IngestBatchHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly telemetry: IngestBatchTelemetry,
  ) {}

  /** One log line and one set of metric updates per command, whatever its outcome. */
  async execute(command: IngestBatchCommand): Promise<IngestBatchResult> {
    const startedAt = performance.now();
    try {
      const result = await this.run(command);
      this.telemetry.succeeded(command, result, startedAt);
      return result;
    } catch (err) {
      this.telemetry.failed(command, err, startedAt);
      throw err;
    }
  }

  private async run(command: IngestBatchCommand): Promise<IngestBatchResult> {
    const fingerprint = payloadFingerprint(command.site_id, command.readings);
    const key = command.idempotency_key ?? fingerprint;
    const readings = JSON.stringify(command.readings.map((r, i) => ({ i, s: r.sensor_id, t: r.measured_at, v: r.value })));
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await this.em
          .fork()
          .execute<{ result: IngestOutcome }[]>(
            'SELECT ingest_batch(?::uuid, ?::uuid, ?::text, ?::text, ?::boolean, ?::text, ?::smallint, ?::text, ?::jsonb, ?::uuid, ?::text) AS result',
            [
              randomUUID(),
              command.site_id,
              command.client_id,
              key,
              command.idempotency_key === null,
              fingerprint,
              command.api_version,
              command.request_id,
              readings,
              randomUUID(),
              new Date().toISOString(),
            ],
          );
        return this.toResult(row.result, command.site_id, key);
      } catch (err) {
        if (isLockTimeout(err)) throw inProgress();
        if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(err)) throw err;
        this.telemetry.retried(command, err, attempt);
      }
    }
  }

  private toResult(result: IngestOutcome, siteId: string, key: string): IngestBatchResult {
    switch (result.outcome) {
      case 'created':
      case 'replayed':
        return { status: 201, replayed: result.outcome === 'replayed', body: IngestResponseSchema.parse(result.response) };
      case 'site_not_found':
        throw new FeatureError('site_not_found', `No site with id ${siteId}.`);
      case 'key_reused':
        throw new FeatureError(
          'idempotency_key_reused',
          `Idempotency-Key "${key}" was already used by this client for this site with a different payload.`,
        );
      case 'in_progress':
        throw inProgress();
    }
  }
}

function inProgress(): FeatureError {
  return new FeatureError(
    'idempotency_request_in_progress',
    'A request with this Idempotency-Key is still being processed; retry shortly.',
    1,
  );
}
