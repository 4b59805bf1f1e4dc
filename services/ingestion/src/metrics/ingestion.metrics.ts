import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const INGEST_BATCH_OUTCOMES = ['created', 'replayed', 'key_reused', 'not_found', 'in_progress', 'error'] as const;
export type IngestBatchOutcome = (typeof INGEST_BATCH_OUTCOMES)[number];

export const INGEST_READING_OUTCOMES = ['accepted', 'duplicate', 'conflicting'] as const;

/**
 * This ingestion process's metrics, served on its own METRICS_PORT. Duplicates by kind: a replayed
 * request and a key reused with another payload are batch outcomes; a duplicate or conflicting reading
 * is a reading outcome (counted once, when the batch is first applied, never on replays).
 */
@Injectable()
export class IngestionMetrics {
  readonly registry = new Registry();

  readonly batches = new Counter({
    name: 'ingest_batches_total',
    help: 'Ingest commands handled by this process, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly readings = new Counter({
    name: 'ingest_readings_total',
    help: 'Readings of first-time (not replayed) batches, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly batchDuration = new Histogram({
    name: 'ingest_batch_duration_seconds',
    help: 'Time to handle one ingest command (its transaction, retries included)',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Readiness pings and outbox-stat reads the gateway made here: its cache keeps these to one per interval. */
  readonly healthChecks = new Counter({
    name: 'rpc_health_checks_total',
    help: 'Health RPCs (ping, outbox_stats) answered by this process',
    labelNames: ['check'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const check of ['ping', 'outbox_stats']) this.healthChecks.inc({ check }, 0);
    // Zero-initialised so every outcome is visible (and rate() works) from the first scrape.
    for (const outcome of INGEST_BATCH_OUTCOMES) this.batches.inc({ outcome }, 0);
    for (const outcome of INGEST_READING_OUTCOMES) this.readings.inc({ outcome }, 0);
  }
}
