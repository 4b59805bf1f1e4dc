import {
  FeatureError,
  inUnitOfWork,
  isDatabaseUnavailable,
  isLockTimeout,
  isLockTimeoutOn,
  isRetryableTransactionError,
} from '@emissions/service-kit';
import { randomUUID } from 'node:crypto';
import {
  type AcceptedRateReading,
  BATCH_INGESTED,
  type IngestBatchCommand,
  type IngestBatchResult,
  type NormalizedReading,
} from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { preparedStatement } from '../../database/prepared-statement';
import { type MonthShare, SitesRepository } from '../../sites/sites.repository';
import { type BatchPlan, classifyReadings, NOTHING_STORED_BEFORE, planBatch, type ReadingsOutcome } from '../batch-readings';
import { IngestBatchTelemetry } from '../ingest-batch.telemetry';
import { IngestLedger, type NewBatch, type StoredBatch } from '../ingest-ledger.repository';
import { type AcceptedReadings, MeasurementsRepository } from '../measurements.repository';
import { payloadFingerprint } from '../payload-fingerprint';
import { IngestBatchStatements, type IngestRow, type SummaryRow, type WritesOfBatch } from './ingest-batch.statements';

const MAX_ATTEMPTS = 4;

/** Thrown inside the unit of work so the transaction is rolled back and the whole command retried. */
class StoreChangedError extends Error {
  readonly code = '40001';
}

/** The key belongs to another batch: the unit of work is rolled back and the stored batch decides. */
class KeyTaken extends Error {
  constructor(readonly stored: StoredBatch | null) {
    super('idempotency key taken');
  }
}

function newBatch(command: IngestBatchCommand, fingerprint: string): NewBatch {
  return {
    batchId: randomUUID(),
    siteId: command.site_id,
    clientId: command.client_id,
    key: command.idempotency_key ?? fingerprint,
    keyDerived: command.idempotency_key === null,
    fingerprint,
    apiVersion: command.api_version,
    requestId: command.request_id,
  };
}

/**
 * The one ingest command behind v1 and v2, as one MikroORM unit of work (a fork's `begin`/`commit`): it stores
 * the new readings, classifies the skipped ones, adds exactly the accepted sum to the site's summary and
 * rollup, appends the outbox event and claims the key in the sending client's ledger with the response —
 * all committed together, or nothing. Usually one statement between BEGIN and COMMIT.
 */
@Injectable()
export class IngestBatchHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly statements: IngestBatchStatements,
    private readonly ledger: IngestLedger,
    private readonly measurements: MeasurementsRepository,
    private readonly sites: SitesRepository,
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
    const plan = planBatch(command.readings);
    for (let attempt = 1; ; attempt++) {
      const batch = newBatch(command, fingerprint);
      try {
        return await inUnitOfWork(this.em.fork(), (em) => this.apply(em, batch, command, plan));
      } catch (err) {
        if (err instanceof KeyTaken) return this.replay(batch, err.stored);
        // Waiting too long for the key means another request with it is in flight; waiting for a busy
        // site's row is contention, retried like a deadlock (nothing was committed).
        if (isLockTimeoutOn(err, 'ingestion_batches') || (isLockTimeout(err) && attempt >= MAX_ATTEMPTS)) throw inProgress();
        // A lost session (failover, terminated backend) is retried once on a fresh one: safe, because a
        // command that did commit is found by its key and replayed.
        const retryable = isRetryableTransactionError(err) || isLockTimeout(err) || (attempt === 1 && isDatabaseUnavailable(err));
        if (attempt >= MAX_ATTEMPTS || !retryable) throw err;
        this.telemetry.retried(command, err, attempt);
      }
    }
  }

  private async apply(em: EntityManager, batch: NewBatch, command: IngestBatchCommand, plan: BatchPlan): Promise<IngestBatchResult> {
    const acceptedAt = new Date().toISOString();
    // Prepared for the usual case, in which every distinct reading is new.
    const assumed = classifyReadings(command.readings, plan, NOTHING_STORED_BEFORE);
    const firsts = plan.firsts.map((i) => command.readings[i]);
    const prepared = writesOf(batch, command, assumed, firsts, acceptedAt);
    const [row] = await preparedStatement<IngestRow>(em, this.statements.ingest(prepared, firsts));
    // Thrown, so that whatever the statement wrote before finding the key taken is rolled back.
    if (!row.claimed) throw new KeyTaken(row.stored);
    if (row.response) {
      await this.addReportingYears(em, prepared, row.annual_limit, row.months);
      return { status: 201, replayed: false, body: row.response };
    }

    // Some readings were stored before: judge them against what is stored, then write the rest.
    const storedBefore = await this.storedBefore(em, batch, plan, firsts, row.accepted);
    const outcome = classifyReadings(command.readings, plan, storedBefore);
    const accepted = plan.firsts.filter((i) => !storedBefore.has(i)).map((i) => command.readings[i]);
    const writes = writesOf(batch, command, outcome, accepted, acceptedAt);
    const [summary] = await preparedStatement<SummaryRow>(
      em,
      this.statements.summarise(writes, row.accepted, row.months, row.hours, row.sensor_months),
    );
    await this.addReportingYears(em, writes, summary.annual_limit, row.months);
    return { status: 201, replayed: false, body: summary.response };
  }

  /** Only for a site with an annual limit (no extra round trip otherwise): the event's reporting-year totals. */
  private async addReportingYears(em: EntityManager, writes: WritesOfBatch, annualLimit: string | null, months: readonly MonthShare[]) {
    if (annualLimit === null || months.length === 0) return;
    await this.sites.addReportingYearTotals(em, writes.batch.siteId, writes.event.event_id, months);
  }

  /**
   * The stored values of keys this batch found taken, by reading index. A new statement has a fresh
   * snapshot: it sees readings another batch committed while the insert waited for it.
   */
  private async storedBefore(
    em: EntityManager,
    batch: NewBatch,
    plan: BatchPlan,
    firsts: readonly NormalizedReading[],
    accepted: AcceptedReadings,
  ): Promise<ReadonlyMap<number, string>> {
    const { stored, found } = await this.measurements.storedByOthers(em, batch.siteId, batch.batchId, firsts);
    if (found !== firsts.length || firsts.length - stored.size !== accepted.n) {
      throw new StoreChangedError('a skipped reading has no stored row');
    }
    return new Map([...stored].map(([i, value]) => [plan.firsts[i], value]));
  }

  /** The key is taken: the same payload replays the stored answer, another is refused; nothing is written. */
  private async replay(batch: NewBatch, seen: StoredBatch | null): Promise<IngestBatchResult> {
    const em = this.em.fork();
    // Not in the statement's snapshot: the first request committed while the claim waited for it.
    const stored = seen ?? (await this.ledger.find(em, batch));
    if (!stored) {
      const state = await this.sites.state(em, batch.siteId);
      if (state === 'missing') throw new FeatureError('site_not_found', `No site with id ${batch.siteId}.`);
      if (state === 'archived') throw new FeatureError('site_archived', `Site ${batch.siteId} is archived and takes no readings.`);
      throw inProgress();
    }
    if (stored.fingerprint !== batch.fingerprint) {
      throw new FeatureError(
        'idempotency_key_reused',
        `Idempotency-Key "${batch.key}" was already used by this client for this site with a different payload.`,
      );
    }
    if (!stored.response) throw inProgress();
    return { status: 201, replayed: true, body: stored.response };
  }
}

/** The accepted (newly stored) rate readings, which the event carries for emission events downstream. */
function rateReadingsOf(accepted: readonly NormalizedReading[]): AcceptedRateReading[] {
  const rates: AcceptedRateReading[] = [];
  for (const r of accepted) {
    if (r.rate_kg_h === undefined || r.duration_s === undefined) continue;
    rates.push({ sensor_id: r.sensor_id, measured_at: r.measured_at, duration_s: r.duration_s, rate_kg_h: r.rate_kg_h, mass_kg: r.value });
  }
  return rates;
}

function writesOf(
  batch: NewBatch,
  command: IngestBatchCommand,
  outcome: ReadingsOutcome,
  accepted: readonly NormalizedReading[],
  acceptedAt: string,
): WritesOfBatch {
  const rateReadings = rateReadingsOf(accepted);
  return {
    batch,
    event: {
      event_id: randomUUID(),
      type: BATCH_INGESTED,
      version: 1,
      site_id: batch.siteId,
      batch_id: batch.batchId,
      request_id: batch.requestId,
      readings_accepted: outcome.readings_accepted,
      committed_at: acceptedAt,
      // Only when there are any: events of mass-only batches stay as they were.
      ...(rateReadings.length > 0 ? { rate_readings: rateReadings } : {}),
    },
    response: {
      batch_id: batch.batchId,
      site_id: batch.siteId,
      idempotency_key: batch.key,
      readings_received: command.readings.length,
      ...outcome,
      accepted_at: acceptedAt,
    },
  };
}

function inProgress(): FeatureError {
  return new FeatureError(
    'idempotency_request_in_progress',
    'A request with this Idempotency-Key is still being processed; retry shortly.',
    1,
  );
}
