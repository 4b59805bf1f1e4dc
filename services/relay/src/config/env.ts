import { RedisNames } from '@emissions/contracts';
import { HeapGrowingPercentSchema, parseEnvironment } from '@emissions/service-kit';
import { z } from 'zod';

/** Every variable the relay reads, with its default (exported for the compose check). */
export const RelayEnvSchema = z.object({
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/emissions'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** BullMQ refuses `:` in names it builds keys from. */
  QUEUE_NAME: z
    .string()
    .regex(/^[^:\s]{1,100}$/)
    .default(RedisNames.batchIngestedQueue),
  RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Fallback polling; LISTEN/NOTIFY normally wakes the relay at once. */
  RELAY_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(500),
  /** After a wake-up, how long the relay lets commits gather before it claims them in one sweep; 0: at once. */
  RELAY_GATHER_MS: z.coerce.number().int().min(0).max(1000).default(30),
  /** A publish that takes longer is abandoned and retried (the job id makes the retry harmless). */
  RELAY_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  RELAY_BACKOFF_MIN_MS: z.coerce.number().int().min(1).default(200),
  RELAY_BACKOFF_MAX_MS: z.coerce.number().int().min(1).default(30_000),
  OUTBOX_RETENTION_HOURS: z.coerce.number().positive().default(72),
  OUTBOX_PRUNE_INTERVAL_MS: z.coerce.number().int().min(1000).default(600_000),
  DB_POOL_MAX: z.coerce.number().int().min(2).max(100).default(4),
  /** How often the reconciler compares published events with the alerting inbox; 0 turns it off. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  /** A published event not processed after this long is sent again (never less than the publish timeout + 1 s). */
  RECONCILE_GRACE_S: z.coerce.number().int().min(1).default(60),
  /** At start-up the reconciler looks this far back (afterwards it continues from where it stopped). */
  RECONCILE_LOOKBACK_HOURS: z.coerce.number().positive().default(1),
  /** Rows per reconciliation statement. */
  RECONCILE_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** Prometheus endpoint of this process (GET /metrics); 0 disables it. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How far the heap may grow past what the last full collection kept, in percent; 0 leaves V8's own factor (ADR-33). */
  HEAP_GROWING_PERCENT: HeapGrowingPercentSchema,
});

export type RelayEnv = z.infer<typeof RelayEnvSchema>;

/** DI token of the parsed configuration. */
export const RELAY_ENV = Symbol('RELAY_ENV');

/** Parses the environment once at boot, listing every bad variable, so nothing fails later on a typo. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): RelayEnv {
  return parseEnvironment(RelayEnvSchema, source, 'Invalid environment for the relay');
}
