import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** This alerting process's metrics (the cluster-wide alerts counter lives in Redis for the gateway). */
@Injectable()
export class AlertingMetrics {
  readonly registry = new Registry();

  /** From the ingest commit (the event's committed_at) to this event's inbox + alert commit. */
  readonly commitToAlert = new Histogram({
    name: 'alerting_commit_to_processed_seconds',
    help: 'Time from a batch committing to its event being processed by alerting (alert decided and committed)',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly events = new Counter({
    name: 'alerting_events_total',
    help: 'batch.ingested deliveries handled by this process, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** Readiness pings the gateway made here: its cache keeps these to one per interval. */
  readonly healthChecks = new Counter({
    name: 'rpc_health_checks_total',
    help: 'Health RPCs (ping) answered by this process',
    labelNames: ['check'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.healthChecks.inc({ check: 'ping' }, 0);
    for (const outcome of ['processed', 'duplicate', 'invalid']) this.events.inc({ outcome }, 0);
  }
}
