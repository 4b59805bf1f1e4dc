import { RedisNames } from '@emissions/contracts';
import { checkServiceAuthSecret, ServiceAuthSecretSchema } from '@emissions/service-auth';
import { HeapGrowingPercentSchema, parseEnvironment } from '@emissions/service-kit';
import { z } from 'zod';

/** Every variable the alerting service reads, with its default (exported for the compose check). */
export const AlertingEnvSchema = z.object({
  /** `production` refuses the development SERVICE_AUTH_SECRET. */
  APP_ENV: z.enum(['development', 'production']).default('development'),
  /** Key of the HMAC on every gateway ↔ service message (shared/service-auth); the same value as the gateway's. */
  SERVICE_AUTH_SECRET: ServiceAuthSecretSchema,
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/emissions'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** BullMQ refuses `:` in names it builds keys from. */
  QUEUE_NAME: z
    .string()
    .regex(/^[^:\s]{1,100}$/)
    .default(RedisNames.batchIngestedQueue),
  SITE_UPDATES_STREAM: z.string().min(1).default(RedisNames.siteUpdatesStream),
  /** Approximate cap of the live-update stream (XADD MAXLEN ~): enough for reconnecting clients to resume. */
  SITE_UPDATES_MAXLEN: z.coerce.number().int().min(100).default(10_000),
  /** 16: measured against 8, 12 and 24 under the 50-site rate load (ARCHITECTURE ADR-24, "Cost per batch"). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  ALERTING_HOST: z.string().min(1).default('127.0.0.1'),
  ALERTING_PORT: z.coerce.number().int().min(0).max(65535).default(4002),
  /** One connection per job in flight (WORKER_CONCURRENCY); RPC reads and webhook deliveries share them. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(16),
  /** Prometheus endpoint of this process (GET /metrics); 0 disables it. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How far the heap may grow past what the last full collection kept, in percent; 0 leaves V8's own factor (ADR-33). */
  HEAP_GROWING_PERCENT: HeapGrowingPercentSchema,
  /** BullMQ queue of outbound webhook deliveries (one job per delivery id). */
  WEBHOOK_QUEUE_NAME: z
    .string()
    .regex(/^[^:\s]{1,100}$/)
    .default(RedisNames.webhookDeliveriesQueue),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Retry schedule: base × 2^(attempt − 1), capped, until the window since the delivery was created has passed. */
  WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(10).default(5_000),
  WEBHOOK_BACKOFF_MAX_MS: z.coerce.number().int().min(10).default(3_600_000),
  WEBHOOK_RETRY_WINDOW_MS: z.coerce.number().int().min(1_000).default(86_400_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often deliveries committed but never queued (Redis was down at the time) are queued again. */
  WEBHOOK_SWEEP_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * Private, loopback and link-local addresses are refused as webhook targets (no SSRF into the private
   * network) unless they fall in one of these comma-separated CIDRs, e.g. `127.0.0.0/8,::1/128`.
   */
  WEBHOOK_ALLOWED_PRIVATE_CIDRS: z.string().default(''),
});

export type AlertingEnv = z.infer<typeof AlertingEnvSchema>;

/** DI token of the parsed configuration. */
export const ALERTING_ENV = Symbol('ALERTING_ENV');

/** Parses the environment once at boot, listing every bad variable, so nothing fails later on a typo. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): AlertingEnv {
  return parseEnvironment(AlertingEnvSchema, source, 'Invalid environment for the alerting service', [checkServiceAuthSecret]);
}
