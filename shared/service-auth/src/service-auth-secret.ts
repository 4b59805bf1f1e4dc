import { z } from 'zod';

/** Documented development value: every process started on this machine agrees on it; production refuses it. */
export const DEVELOPMENT_SERVICE_AUTH_SECRET = 'dev-service-auth-secret-change-me-000000000000';

/**
 * `SERVICE_AUTH_SECRET`: the per-deployment key of the HMAC on every gateway ↔ service message. The same
 * value in the gateway, the ingestion service and the alerting service.
 */
export const ServiceAuthSecretSchema = z
  .string()
  .regex(/^[\x21-\x7E]{32,512}$/, { error: 'SERVICE_AUTH_SECRET must be 32 to 512 visible ASCII characters' })
  .default(DEVELOPMENT_SERVICE_AUTH_SECRET);

/** The production rule every process applies the same way; returns the problem, or null. */
export function serviceAuthSecretProblem(appEnv: 'development' | 'production', secret: string): string | null {
  if (appEnv === 'production' && secret === DEVELOPMENT_SERVICE_AUTH_SECRET)
    return 'must be set to a secret of your own when APP_ENV=production (the same value in the gateway and every service)';
  return null;
}

/** The same rule as a boot-time environment check (service-kit's parseEnvironment). */
export function checkServiceAuthSecret(env: {
  APP_ENV: 'development' | 'production';
  SERVICE_AUTH_SECRET: string;
}): { variable: string; problem: string } | null {
  const problem = serviceAuthSecretProblem(env.APP_ENV, env.SERVICE_AUTH_SECRET);
  return problem ? { variable: 'SERVICE_AUTH_SECRET', problem } : null;
}
