import { DEVELOPMENT_SERVICE_AUTH_SECRET } from '@emissions/service-auth';
import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

describe('alerting environment: SERVICE_AUTH_SECRET', () => {
  it('defaults to the development value, which production refuses', () => {
    expect(loadEnv({}).SERVICE_AUTH_SECRET).toBe(DEVELOPMENT_SERVICE_AUTH_SECRET);
    expect(() => loadEnv({ APP_ENV: 'production' })).toThrow(/SERVICE_AUTH_SECRET: must be set to a secret of your own/);
    expect(loadEnv({ APP_ENV: 'production', SERVICE_AUTH_SECRET: 's'.repeat(32) }).SERVICE_AUTH_SECRET).toBe('s'.repeat(32));
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => loadEnv({ SERVICE_AUTH_SECRET: 'short' })).toThrow(/SERVICE_AUTH_SECRET must be 32 to 512/);
  });
});
