import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { RelayMetrics } from '../metrics/relay.metrics';

/** The reconciler's series, on the relay's own /metrics endpoint. */
@Injectable()
export class ReconcilerMetrics {
  readonly scanned: Counter;
  readonly requeued: Counter;

  constructor(relay: RelayMetrics) {
    this.scanned = new Counter({
      name: 'relay_reconciler_scanned_total',
      help: 'Published outbox events the reconciler compared with the alerting inbox',
      registers: [relay.registry],
    });
    this.requeued = new Counter({
      name: 'relay_reconciler_requeued_total',
      help: 'Published outbox events never processed by alerting after the grace period, sent again',
      registers: [relay.registry],
    });
  }
}
