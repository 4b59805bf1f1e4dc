import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { IngestionClient } from '../clients/ingestion.client';
import { INGEST_OUTCOMES } from './ingest-outcome';

/**
 * The gateway's Prometheus registry. One registry per app instance (not prom-client's global one), so
 * several apps in one test process never collide. Other features register their metrics on `registry`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly ingestRequests = new Counter({
    name: 'ingest_requests_total',
    help: 'Ingest requests by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly ingestReadings = new Counter({
    name: 'ingest_readings_total',
    help: 'Readings of first-time (not replayed) ingest responses by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** Requests refused by authentication, authorization or a rate limit: a rising `unauthorized` rate is someone guessing keys. */
  readonly accessRefusals = new Counter({
    name: 'http_access_refusals_total',
    help: 'Requests refused with 401 unauthorized, 403 forbidden or 429 rate_limited',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  /** Device keys looked up in the ingestion service: the work the failed-authentication limit bounds. */
  readonly deviceKeyLookups = new Counter({
    name: 'auth_device_key_lookups_total',
    help: 'Device keys looked up in the ingestion service, by verdict',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(ingestion: IngestionClient) {
    collectDefaultMetrics({ register: this.registry });
    // Zero-initialise the labelled counters so every outcome is visible (and rate() works) from the first scrape.
    for (const outcome of INGEST_OUTCOMES) this.ingestRequests.inc({ outcome }, 0);
    for (const outcome of ['accepted', 'duplicate', 'conflicting']) this.ingestReadings.inc({ outcome }, 0);
    for (const code of ['unauthorized', 'forbidden', 'rate_limited']) this.accessRefusals.inc({ code }, 0);
    for (const outcome of ['valid', 'invalid']) this.deviceKeyLookups.inc({ outcome }, 0);
    const outboxPending = new Gauge({
      name: 'outbox_pending',
      help: 'Outbox events not yet published, as reported by the ingestion service at scrape time',
      registers: [this.registry],
      async collect() {
        try {
          outboxPending.set(await ingestion.outboxPending());
        } catch {
          // Unknown is not zero: drop the sample so absent(outbox_pending) can alert.
          outboxPending.reset();
          outboxPending.remove();
        }
      },
    });
  }
}
