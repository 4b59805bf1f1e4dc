import type { IngestResponse, NormalizedReading } from '@emissions/contracts';
import { Injectable } from '@nestjs/common';
import { type SqlFragment, sql, withQueries } from '../../database/sql-fragment';
import { type BatchIngestedBase, OutboxRepository } from '../../outbox/outbox.repository';
import { type SensorMonthShare, SensorTotalsRepository } from '../../sensors/sensor-totals.repository';
import { type HourShare, type MonthShare, SitesRepository } from '../../sites/sites.repository';
import { IngestLedger, type NewBatch, type ResponseBase, type StoredBatch } from '../ingest-ledger.repository';
import { type AcceptedReadings, MeasurementsRepository } from '../measurements.repository';

export type IngestRow = {
  /** This batch claimed the key; `response` is its 201 body when the statement applied everything. */
  claimed: boolean;
  response: IngestResponse | null;
  /** The key's batch when the statement's snapshot already had it (nothing was attempted then). */
  stored: StoredBatch | null;
  accepted: AcceptedReadings;
  months: MonthShare[];
  hours: HourShare[];
  sensor_months: SensorMonthShare[];
  /** The site's annual limit when the statement added the batch to the summary (`null`: none, or not added). */
  annual_limit: string | null;
};

export type WritesOfBatch = { batch: NewBatch; event: BatchIngestedBase; response: ResponseBase };

/**
 * The ingest command's statements, composed from each aggregate's repository (ADR-4): usually one
 * statement between BEGIN and COMMIT. Data flows from CTE to CTE, which also orders the locks: readings
 * (in key order), then the site row, its months, its hours, its sensors' months (ADR-14), the outbox, and the ledger key last.
 */
@Injectable()
export class IngestBatchStatements {
  constructor(
    private readonly ledger: IngestLedger,
    private readonly measurements: MeasurementsRepository,
    private readonly sites: SitesRepository,
    private readonly sensorTotals: SensorTotalsRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * For a known site and a key not stored yet: inserts the readings (`firsts`: one per key); when every
   * one was new — the usual case, for which `writes` was prepared — adds them to the site's summary and
   * rollup and appends the event; claims the key, with the response if the batch was applied. The caller
   * rolls everything back when the key turns out taken (`claimed` false).
   */
  ingest(writes: WritesOfBatch, firsts: readonly NormalizedReading[]): SqlFragment {
    const { batch } = writes;
    return withQueries(
      [
        ['stored', this.ledger.stored(batch)],
        ['target', this.sites.target(batch.siteId, sql`NOT EXISTS (SELECT FROM stored)`)],
        ['inserted', this.measurements.insertNew(batch.siteId, batch.batchId, firsts)],
        ['accepted', this.measurements.acceptedFromInsert()],
        ['months', this.sites.monthsFromInsert()],
        ['hours', this.sites.hoursFromInsert()],
        ['sensor_months', this.sensorTotals.sensorMonthsFromInsert((t) => this.sites.monthOf(t))],
        ...this.sites.addAccepted(batch.siteId, sql`a.n = ${firsts.length}`),
        ['sensor_rollup', this.sensorTotals.addSensorMonths(batch.siteId)],
        ['event', this.outbox.appendBatchIngested(writes.event)],
        ['claim', this.ledger.claim(batch, writes.response)],
      ],
      sql`SELECT EXISTS (SELECT FROM claim) AS claimed, (SELECT response FROM claim) AS response,
        (SELECT row_to_json(stored) FROM stored) AS stored, ${this.outbox.wakeRelay()} AS woke,
        ${this.measurements.acceptedJson()} AS accepted, ${this.sites.monthsJson()} AS months,
        ${this.sensorTotals.sensorMonthsJsonUnlessApplied()} AS sensor_months, ${this.sites.hoursJsonUnlessApplied()} AS hours,
        (SELECT annual_limit FROM site) AS annual_limit`,
    );
  }

  /** After some readings turned out stored already: the summary, rollup, event and response. */
  summarise(
    writes: WritesOfBatch,
    accepted: AcceptedReadings,
    months: readonly MonthShare[],
    hours: readonly HourShare[],
    sensorMonths: readonly SensorMonthShare[],
  ): SqlFragment {
    return withQueries(
      [
        ['accepted', this.measurements.acceptedFrom(accepted)],
        ['months', this.sites.monthsFrom(months)],
        ['hours', this.sites.hoursFrom(hours)],
        ['sensor_months', this.sensorTotals.sensorMonthsFrom(sensorMonths)],
        ...this.sites.addAccepted(writes.batch.siteId, sql`true`),
        ['sensor_rollup', this.sensorTotals.addSensorMonths(writes.batch.siteId)],
        ['event', this.outbox.appendBatchIngested(writes.event)],
        ['ledger', this.ledger.storeResponse(writes.batch, writes.response)],
      ],
      sql`SELECT (SELECT response FROM ledger) AS response, ${this.outbox.wakeRelay()} AS woke, (SELECT annual_limit FROM site) AS annual_limit`,
    );
  }
}

export type SummaryRow = { response: IngestResponse; annual_limit: string | null };
