import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** This relay process's metrics (the cluster-wide published counter lives in Redis for the gateway). */
@Injectable()
export class RelayMetrics {
  readonly registry = new Registry();

  /** From the ingest commit (the row's created_at) to the job being in the queue and the row marked. */
  readonly commitToEnqueue = new Histogram({
    name: 'outbox_commit_to_enqueue_seconds',
    help: 'Time from the outbox row being written to its job being enqueued and the row marked published',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly published = new Counter({
    name: 'relay_published_total',
    help: 'Outbox events this relay process published',
    registers: [this.registry],
  });

  readonly publishFailures = new Counter({
    name: 'relay_publish_failures_total',
    help: 'Publish rounds of this relay process that failed (rows stay pending and are retried)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
