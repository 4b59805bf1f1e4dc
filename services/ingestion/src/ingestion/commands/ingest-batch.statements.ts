import type { IngestResponse, NormalizedReading } from '@emissions/contracts';
import { Injectable } from '@nestjs/common';
import { type SqlFragment, sql, withQueries } from '../../database/sql-fragment';
import { type BatchIngestedBase, OutboxRepository } from '../../outbox/outbox.repository';
import { type MonthShare, SitesRepository } from '../../sites/sites.repository';
import { IngestLedger, type NewBatch, type ResponseBase, type StoredBatch } from '../ingest-ledger.repository';
import { type AcceptedReadings, MeasurementsRepository } from '../measurements.repository';

export type ClaimRow = { claimed: boolean; stored: StoredBatch | null; accepted: AcceptedReadings; months: MonthShare[] };

export type WritesOfBatch = { batch: NewBatch; event: BatchIngestedBase; response: ResponseBase };

/**
 * The ingest command's two statements, composed from each aggregate's repository: what a batch needs
 * besides BEGIN and COMMIT (ADR-7). The first takes no lock another batch of the site needs, except on the
 * keys it inserts; the second takes the site's hot locks, right before the commit.
 */
@Injectable()
export class IngestBatchStatements {
  constructor(
    private readonly ledger: IngestLedger,
    private readonly measurements: MeasurementsRepository,
    private readonly sites: SitesRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * Claims the key and, if this batch owns it, inserts the readings (`firsts`: one per key). Returns
   * what was accepted (count, sum, range, months) or, for a taken key, the stored batch if this
   * statement's snapshot has it.
   */
  claimAndInsert(batch: NewBatch, firsts: readonly NormalizedReading[]): SqlFragment {
    return withQueries(
      [
        ['claim', this.ledger.claim(batch)],
        ['stored', this.ledger.stored(batch)],
        ['inserted', this.measurements.insertNew(batch.siteId, batch.batchId, firsts)],
        ['accepted', this.measurements.acceptedFromInsert()],
        ['months', this.sites.monthsFromInsert()],
      ],
      sql`SELECT EXISTS (SELECT FROM claim) AS claimed, (SELECT row_to_json(stored) FROM stored) AS stored,
        ${this.measurements.acceptedJson()} AS accepted, ${this.sites.monthsJson()} AS months`,
    );
  }

  /** Adds the accepted readings to the site's summary and rollup, appends the event, stores the response. */
  summarise(writes: WritesOfBatch, accepted: AcceptedReadings, months: readonly MonthShare[]): SqlFragment {
    return withQueries(
      [
        ['accepted', this.measurements.acceptedFrom(accepted)],
        ['months', this.sites.monthsFrom(months)],
        ...this.sites.addAccepted(writes.batch.siteId),
        ['event', this.outbox.appendBatchIngested(writes.event)],
        ['ledger', this.ledger.storeResponse(writes.batch, writes.response)],
      ],
      sql`SELECT (SELECT response FROM ledger) AS response, ${this.outbox.wakeRelay()} AS woke`,
    );
  }
}

export type SummaryRow = { response: IngestResponse };
