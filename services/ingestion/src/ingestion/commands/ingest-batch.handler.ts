import { randomUUID } from 'node:crypto';
import {
  BATCH_INGESTED,
  type IngestBatchCommand,
  type IngestBatchResult,
  type IngestResponse,
  IngestResponseSchema,
} from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { isLockTimeout, isRetryableTransactionError } from '../../errors/database-failure';
import { FeatureError } from '../../errors/feature.error';
import { CLAIM_BATCH, COMMIT_BATCH, FIND_CLAIM, FIND_STORED_READINGS, INSERT_READINGS } from '../ingest-batch.sql';
import { payloadFingerprint } from '../payload-fingerprint';
import { readingKey } from '../reading-key';
import { classifyReadings, type StoredReading } from '../reading-outcome';

const MAX_ATTEMPTS = 4;

type ClaimRow = { site_exists: boolean; payload_fingerprint: string | null; status_code: number | null; response: unknown };
type CommitRow = { total_after: string; total_before: string; emission_limit: string; compliance_status: string };

/** Test seam: lets an integration test fail the transaction after the readings insert. */
export type IngestFaultHook = (stage: 'after-readings-insert') => void | Promise<void>;

/**
 * The one ingest command behind v1 and v2: in a single transaction it claims the idempotency key,
 * stores the new readings, adds exactly their sum to the site's total, appends the outbox event and
 * stores the response — or does nothing at all.
 */
@Injectable()
export class IngestBatchHandler {
  private readonly logger = new Logger(IngestBatchHandler.name);
  faultHook?: IngestFaultHook;

  constructor(private readonly em: EntityManager) {}

  async execute(command: IngestBatchCommand): Promise<IngestBatchResult> {
    const fingerprint = payloadFingerprint(command.site_id, command.readings);
    const key = command.idempotency_key ?? fingerprint;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.em.fork().transactional((em) => this.ingestOnce(em, command, key, fingerprint));
      } catch (err) {
        if (isLockTimeout(err)) {
          throw new FeatureError(
            'idempotency_request_in_progress',
            'A request with this Idempotency-Key is still being processed; retry shortly.',
            1,
          );
        }
        if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(err)) throw err;
        this.logger.warn(`ingest transaction retried after ${(err as Error).message} (attempt ${attempt})`);
      }
    }
  }

  private async ingestOnce(em: EntityManager, cmd: IngestBatchCommand, key: string, fingerprint: string): Promise<IngestBatchResult> {
    const batchId = randomUUID();
    const claimed = await em.execute<{ id: string }[]>(CLAIM_BATCH, [
      batchId,
      key,
      cmd.idempotency_key === null,
      fingerprint,
      cmd.api_version,
      cmd.request_id,
      cmd.site_id,
    ]);
    if (claimed.length === 0) return this.replayOrRefuse(em, cmd.site_id, key, fingerprint);

    const input = cmd.readings.map((r, i) => ({ i, s: r.sensor_id, t: r.measured_at, v: r.value }));
    const inserted = await em.execute<StoredReading[]>(INSERT_READINGS, [JSON.stringify(input), cmd.site_id, batchId]);
    await this.faultHook?.('after-readings-insert');
    const stored = await this.findStoredForSkipped(em, cmd, inserted);
    const outcome = classifyReadings(cmd.readings, inserted, stored);

    const acceptedAt = new Date().toISOString();
    const partial = {
      batch_id: batchId,
      site_id: cmd.site_id,
      idempotency_key: key,
      readings_received: cmd.readings.length,
      readings_accepted: outcome.accepted,
      readings_duplicate: outcome.duplicate,
      readings_conflicting: outcome.conflicting,
      conflicts: outcome.conflicts,
      accepted_at: acceptedAt,
    };
    const event = {
      event_id: randomUUID(),
      type: BATCH_INGESTED,
      version: 1,
      site_id: cmd.site_id,
      batch_id: batchId,
      request_id: cmd.request_id,
      readings_accepted: outcome.accepted,
      accepted_sum: outcome.acceptedSum,
      committed_at: acceptedAt,
    };
    const [row] = await em.execute<CommitRow[]>(COMMIT_BATCH, [
      outcome.acceptedSum,
      outcome.accepted,
      outcome.firstMeasuredAt,
      outcome.lastMeasuredAt,
      cmd.site_id,
      outcome.acceptedSum,
      cmd.site_id,
      JSON.stringify(outcome.monthly),
      event.event_id,
      cmd.site_id,
      JSON.stringify(event),
      JSON.stringify(partial),
      batchId,
    ]);
    const body = IngestResponseSchema.parse({
      ...partial,
      total_emissions_to_date: row.total_after,
      compliance_status: row.compliance_status,
    });
    return { status: 201, replayed: false, body };
  }

  private async findStoredForSkipped(em: EntityManager, cmd: IngestBatchCommand, inserted: StoredReading[]): Promise<StoredReading[]> {
    if (inserted.length === cmd.readings.length) return [];
    const insertedKeys = new Set(inserted.map((r) => readingKey(r.measured_at, r.sensor_id)));
    const skipped = cmd.readings
      .filter((r) => !insertedKeys.has(readingKey(r.measured_at, r.sensor_id)))
      .map((r) => ({ t: r.measured_at, s: r.sensor_id }));
    if (skipped.length === 0) return [];
    return em.execute<StoredReading[]>(FIND_STORED_READINGS, [JSON.stringify(skipped), cmd.site_id]);
  }

  private async replayOrRefuse(em: EntityManager, siteId: string, key: string, fingerprint: string): Promise<IngestBatchResult> {
    const [claim] = await em.execute<ClaimRow[]>(FIND_CLAIM, [siteId, siteId, key]);
    if (!claim?.site_exists) throw new FeatureError('site_not_found', `No site with id ${siteId}.`);
    if (claim.payload_fingerprint === null || claim.response === null) {
      // The claim was rolled back between our insert and this read: let the caller retry the whole command.
      throw new FeatureError(
        'idempotency_request_in_progress',
        'A request with this Idempotency-Key is still being processed; retry shortly.',
        1,
      );
    }
    if (claim.payload_fingerprint !== fingerprint) {
      throw new FeatureError('idempotency_key_reused', `Idempotency-Key "${key}" was already used for this site with a different payload.`);
    }
    const body: IngestResponse = IngestResponseSchema.parse(claim.response);
    return { status: 201, replayed: true, body };
  }
}
