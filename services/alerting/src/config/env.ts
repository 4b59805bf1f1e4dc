import { z } from 'zod';

/** Every variable the alerting service reads, with its default (exported for the compose check). */
export const AlertingEnvSchema = z.object({
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/emissions'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** BullMQ refuses `:` in names it builds keys from. */
  QUEUE_NAME: z
    .string()
    .regex(/^[^:\s]{1,100}$/)
    .default('batch-ingested'),
  SITE_UPDATES_STREAM: z.string().min(1).default('site-updates'),
  /** Approximate cap of the live-update stream (XADD MAXLEN ~): enough for reconnecting clients to resume. */
  SITE_UPDATES_MAXLEN: z.coerce.number().int().min(100).default(10_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  ALERTING_HOST: z.string().min(1).default('127.0.0.1'),
  ALERTING_PORT: z.coerce.number().int().min(0).max(65535).default(4002),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Prometheus endpoint of this process (GET /metrics); 0 disables it. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AlertingEnv = z.infer<typeof AlertingEnvSchema>;

/** DI token of the parsed configuration. */
export const ALERTING_ENV = Symbol('ALERTING_ENV');

/** Parses the environment once at boot, listing every bad variable, so nothing fails later on a typo. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): AlertingEnv {
  const parsed = AlertingEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment for the alerting service:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
