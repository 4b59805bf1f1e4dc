import { checkServiceAuthSecret, ServiceAuthSecretSchema } from '@emissions/service-auth';
import { HeapGrowingPercentSchema, parseEnvironment } from '@emissions/service-kit';
import { z } from 'zod';

/** Every variable the ingestion service reads, with its default (exported for the compose check). */
export const IngestionEnvSchema = z.object({
  /** `production` refuses the development SERVICE_AUTH_SECRET. */
  APP_ENV: z.enum(['development', 'production']).default('development'),
  /** Key of the HMAC on every gateway ↔ service message (shared/service-auth); the same value as the gateway's. */
  SERVICE_AUTH_SECRET: ServiceAuthSecretSchema,
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/emissions'),
  INGESTION_HOST: z.string().min(1).default('127.0.0.1'),
  INGESTION_PORT: z.coerce.number().int().min(1).max(65535).default(4001),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** How long an ingest waits for a lock (e.g. the same key in flight) before answering 409 in progress. */
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  PARTITION_MONTHS_AHEAD: z.coerce.number().int().min(1).max(24).default(3),
  PARTITION_MAINTENANCE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(6 * 3_600_000),
  /** Prometheus endpoint of this process (GET /metrics); 0 disables it. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9463),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How far the heap may grow past what the last full collection kept, in percent; 0 leaves V8's own factor (ADR-33). */
  HEAP_GROWING_PERCENT: HeapGrowingPercentSchema,
});
export type IngestionEnv = z.infer<typeof IngestionEnvSchema>;

/** DI token of the parsed configuration (AppModule provides it to every module). */
export const INGESTION_ENV = Symbol('INGESTION_ENV');

/** Parses the environment once at boot, listing every bad variable, so nothing fails later on a typo. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): IngestionEnv {
  return parseEnvironment(IngestionEnvSchema, source, 'Invalid environment for the ingestion service', [checkServiceAuthSecret]);
}
