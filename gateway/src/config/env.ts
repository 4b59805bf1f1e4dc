import { resolve } from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true' || v === '1');

const port = z.coerce.number().int().min(0).max(65535);

/** Every variable the gateway reads, with its default. Parsed once at boot; nothing else reads process.env. */
export const GatewayEnvSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  INGESTION_HOST: z.string().min(1).default('127.0.0.1'),
  INGESTION_PORT: port.default(4001),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  ALERTING_HOST: z.string().min(1).default('127.0.0.1'),
  ALERTING_PORT: port.default(4002),
  SITE_UPDATES_STREAM: z.string().min(1).default('site-updates'),
  STREAM_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
  // gateway/{src,dist}/config → the repository's dashboard/build.
  DASHBOARD_DIR: z.string().min(1).default(resolve(__dirname, '../../../dashboard/build')),
  RPC_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  DEMO_FAULTS: booleanFlag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type GatewayEnv = z.infer<typeof GatewayEnvSchema>;

/** DI token under which the parsed environment is provided. */
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

/** Parses the environment, listing every bad variable in one error so a misconfigured boot fails once. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const result = GatewayEnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid gateway environment:\n${lines.join('\n')}`);
}
