import { DEVELOPMENT_SERVICE_AUTH_SECRET } from '@emissions/service-auth';
import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

// The secret's rules are tested in shared/service-auth; this proves the ingestion environment applies them.
describe('ingestion environment', () => {
  it('applies the SERVICE_AUTH_SECRET rules: development default, refused in production, 32 characters at least', () => {
    expect(loadEnv({}).SERVICE_AUTH_SECRET).toBe(DEVELOPMENT_SERVICE_AUTH_SECRET);
    expect(() => loadEnv({ APP_ENV: 'production' })).toThrow(
      /^Invalid environment for the ingestion service:\n {2}SERVICE_AUTH_SECRET: must be set to a secret of your own/,
    );
    expect(loadEnv({ APP_ENV: 'production', SERVICE_AUTH_SECRET: 's'.repeat(32) }).APP_ENV).toBe('production');
    expect(() => loadEnv({ SERVICE_AUTH_SECRET: 'short' })).toThrow(/SERVICE_AUTH_SECRET must be 32 to 512/);
  });

  it('gives the partition and lock settings their defaults', () => {
    expect(loadEnv({})).toMatchObject({ PARTITION_MONTHS_AHEAD: 3, DB_LOCK_TIMEOUT_MS: 5000, INGESTION_PORT: 4001 });
  });

  it('caps heap growth at 50% unless told otherwise, and 0 leaves it to V8', () => {
    expect(loadEnv({}).HEAP_GROWING_PERCENT).toBe(50);
    expect(loadEnv({ HEAP_GROWING_PERCENT: '0' }).HEAP_GROWING_PERCENT).toBe(0);
    expect(() => loadEnv({ HEAP_GROWING_PERCENT: '-5' })).toThrow(/HEAP_GROWING_PERCENT/);
  });
});
