/**
 * The Redis keys, queues and streams that more than one process reads or writes (relay, alerting, gateway):
 * spelled once, here. Queue and stream names are the defaults of QUEUE_NAME, WEBHOOK_QUEUE_NAME and
 * SITE_UPDATES_STREAM; a deployment may rename them, the counters it may not.
 */
export const RedisNames = {
  /** BullMQ queue: the relay publishes batch.ingested events, alerting consumes them. */
  batchIngestedQueue: 'batch-ingested',
  /** BullMQ queue of alerting's outbound webhook deliveries. */
  webhookDeliveriesQueue: 'webhook-deliveries',
  /** Stream: alerting appends site updates, the gateway fans them out to live clients. */
  siteUpdatesStream: 'site-updates',
  /** Counter the relays increment per event published; the gateway exposes it on /metrics. */
  outboxPublishedCounter: 'metrics:outbox_published_total',
  /** Counter alerting increments per limit_exceeded alert raised; the gateway exposes it on /metrics. */
  alertsRaisedCounter: 'metrics:alerts_raised_total',
} as const;
