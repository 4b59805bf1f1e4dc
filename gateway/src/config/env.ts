import { resolve } from 'node:path';
import { ServiceAuthSecretSchema, serviceAuthSecretProblem } from '@emissions/service-auth';
import { z } from 'zod';
import { parseTrustProxy, TRUST_PROXY_HELP } from './trust-proxy';
import { secretWeakness } from './secret-strength';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true' || v === '1');

const port = z.coerce.number().int().min(0).max(65535);
const perMinute = z.coerce.number().positive();
const burst = z.coerce.number().int().positive();

/** Documented development values (docs/authentication.md): refused when APP_ENV=production. */
export const DEVELOPMENT_ADMIN_API_KEY = 'dev-operator-key-change-me-0000000000000000';
export const DEVELOPMENT_SESSION_SECRET = 'dev-session-secret-change-me-000000000000000';

const secret = (what: string) => z.string().regex(/^[\x21-\x7E]{32,512}$/, { error: `${what} must be 32 to 512 visible ASCII characters` });

/** Parsed once at boot; nothing else reads process.env. */
const GatewayEnvObject = z.object({
  /** `production` turns on Secure cookies and HSTS and refuses development credentials. */
  APP_ENV: z.enum(['development', 'production']).default('development'),
  PORT: port.default(3000),
  /** Listening address; unset: 127.0.0.1 in development (the loopback shortcut must not face the network), 0.0.0.0 in production. */
  HOST: z.string().min(1).optional(),
  INGESTION_HOST: z.string().min(1).default('127.0.0.1'),
  INGESTION_PORT: port.default(4001),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  ALERTING_HOST: z.string().min(1).default('127.0.0.1'),
  ALERTING_PORT: port.default(4002),
  /** Key of the HMAC on every gateway ↔ service message (shared/service-auth); the same value in every service. */
  SERVICE_AUTH_SECRET: ServiceAuthSecretSchema,
  SITE_UPDATES_STREAM: z.string().min(1).default('site-updates'),
  STREAM_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
  // gateway/{src,dist}/config → the repository's dashboard/build.
  DASHBOARD_DIR: z.string().min(1).default(resolve(__dirname, '../../../dashboard/build')),
  RPC_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  /** How long one readiness fan-out (and one outbox gauge read) answers every request; 0 asks the dependencies each time. */
  HEALTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  DEMO_FAULTS: booleanFlag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The bootstrap operator key (Authorization: Bearer …, or dashboard sign-in). */
  ADMIN_API_KEY: secret('ADMIN_API_KEY').default(DEVELOPMENT_ADMIN_API_KEY),
  /** HMAC key of the session cookie; every replica needs the same one. */
  SESSION_SECRET: secret('SESSION_SECRET').default(DEVELOPMENT_SESSION_SECRET),
  SESSION_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(12 * 3600),
  /** Development only: a request from a loopback address with no credential acts as the operator (ADR-24). */
  ANONYMOUS_LOOPBACK: z.enum(['true', 'false', '1', '0']).optional(),
  /** Comma-separated origins allowed by CORS and by the session cookie's origin check, besides the gateway's own. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ error: 'CORS_ORIGINS must list origins like https://ops.example.com' }).transform((o) => new URL(o).origin))),
  /**
   * Behind reverse proxies: how many hops (`1`) or which proxy addresses/CIDRs (`10.0.0.0/8,::1`) to trust
   * for X-Forwarded-For / -Proto. Unset or `false` trusts none; `true` (every hop) is refused.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: `${parsed}. ${TRUST_PROXY_HELP}` });
        return z.NEVER;
      }
      return parsed;
    }),
  /** Bearer token Prometheus sends to GET /metrics (the operator key works too); in production /metrics needs one of them. */
  METRICS_TOKEN: secret('METRICS_TOKEN').optional(),
  JSON_MAX_DEPTH: z.coerce.number().int().min(2).max(256).default(32),
  RATE_LIMIT_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  RATE_LIMIT_ADDRESS_PER_MIN: perMinute.default(6000),
  RATE_LIMIT_ADDRESS_BURST: burst.default(1000),
  /** Every request of an address, on any path, before its body is read (fail-open like the other throughput buckets). */
  RATE_LIMIT_EDGE_PER_MIN: perMinute.default(6000),
  RATE_LIMIT_EDGE_BURST: burst.default(1000),
  RATE_LIMIT_OPERATOR_PER_MIN: perMinute.default(6000),
  RATE_LIMIT_OPERATOR_BURST: burst.default(1000),
  RATE_LIMIT_DEVICE_PER_MIN: perMinute.default(600),
  RATE_LIMIT_DEVICE_BURST: burst.default(120),
  RATE_LIMIT_AUTH_FAILURES_PER_MIN: perMinute.default(10),
  RATE_LIMIT_AUTH_FAILURES_BURST: burst.default(10),
  /** Prefix of the buckets' Redis keys: gateways sharing one Redis share limits only under the same prefix. */
  RATE_LIMIT_NAMESPACE: z
    .string()
    .regex(/^[\w:.-]{1,64}$/)
    .default('rl'),
  /** Upper bound on a rate-limit check; past it (or with Redis away) the request is let through. */
  RATE_LIMIT_TIMEOUT_MS: z.coerce.number().int().positive().default(100),
});

/** Every variable the gateway reads, with its default. Production refuses the development credentials. */
export const GatewayEnvSchema = GatewayEnvObject.transform((env, ctx) => {
  const production = env.APP_ENV === 'production';
  const anonymousLoopback =
    env.ANONYMOUS_LOOPBACK === undefined ? !production : env.ANONYMOUS_LOOPBACK === 'true' || env.ANONYMOUS_LOOPBACK === '1';
  if (production) {
    const refuse = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (env.ADMIN_API_KEY === DEVELOPMENT_ADMIN_API_KEY)
      refuse('ADMIN_API_KEY', 'must be set to a secret of your own when APP_ENV=production');
    if (env.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET)
      refuse('SESSION_SECRET', 'must be set to a secret of your own when APP_ENV=production');
    if (anonymousLoopback) refuse('ANONYMOUS_LOOPBACK', 'must not be true when APP_ENV=production');
    const serviceSecret = serviceAuthSecretProblem(env.APP_ENV, env.SERVICE_AUTH_SECRET);
    if (serviceSecret) refuse('SERVICE_AUTH_SECRET', serviceSecret);
    if (env.DEMO_FAULTS) refuse('DEMO_FAULTS', 'must not be true when APP_ENV=production (it drops responses on request)');
    const secrets = { ADMIN_API_KEY: env.ADMIN_API_KEY, SESSION_SECRET: env.SESSION_SECRET, METRICS_TOKEN: env.METRICS_TOKEN };
    const seen = new Map<string, string>();
    for (const [name, value] of Object.entries(secrets)) {
      if (value === undefined) continue;
      const weakness = value.includes('change-me') ? 'it is a published placeholder (it says change-me)' : secretWeakness(value);
      if (weakness) refuse(name, `is too weak for APP_ENV=production: ${weakness}`);
      const twin = seen.get(value);
      if (twin) refuse(name, `must differ from ${twin}: each secret has its own job, so one leak must not give away the other`);
      seen.set(value, name);
    }
  }
  return { ...env, HOST: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'), ANONYMOUS_LOOPBACK: anonymousLoopback };
});

export type GatewayEnv = z.output<typeof GatewayEnvSchema>;

/** DI token under which the parsed environment is provided. */
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

/** Parses the environment, listing every bad variable in one error so a misconfigured boot fails once. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const result = GatewayEnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid gateway environment:\n${lines.join('\n')}`);
}
