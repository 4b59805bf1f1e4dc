import { RedisNames } from '@emissions/contracts';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { RedisClient } from '../clients/redis.client';
import { MetricsService } from '../metrics/metrics.service';

/** Redis counters the relay and the alerting service increment (shared by all their replicas). */
const CLUSTER_COUNTERS = [
  { name: 'outbox_published_total', key: RedisNames.outboxPublishedCounter, help: 'Outbox events published to the queue (all relays)' },
  { name: 'alerts_raised_total', key: RedisNames.alertsRaisedCounter, help: 'limit_exceeded alerts raised (all alerting workers)' },
] as const;

/** Exposes the pipeline's cluster-wide counters on the gateway's /metrics, read from Redis at scrape time. */
@Injectable()
export class PipelineMetricsCollector {
  constructor(metrics: MetricsService, redis: RedisClient) {
    for (const { name, key, help } of CLUSTER_COUNTERS) {
      new Counter({
        name,
        help,
        registers: [metrics.registry],
        async collect() {
          this.reset();
          try {
            this.inc(Number((await redis.redis.get(key)) ?? 0));
          } catch {
            // Unknown is not zero: drop the sample (absent() can alert) rather than report a reset.
            this.remove();
          }
        },
      });
    }
  }
}
