import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_ADMIN_API_KEY, loadEnv } from './env';

const own = { ADMIN_API_KEY: 'a'.repeat(40), SESSION_SECRET: 'b'.repeat(40), SERVICE_AUTH_SECRET: 'c'.repeat(40) };

describe('gateway environment', () => {
  it('starts in development with the documented key and loopback access', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      APP_ENV: 'development',
      ADMIN_API_KEY: DEVELOPMENT_ADMIN_API_KEY,
      ANONYMOUS_LOOPBACK: true,
      CORS_ORIGINS: [],
    });
  });

  it('listens on loopback in development and on every interface in production, unless HOST says otherwise', () => {
    expect(loadEnv({}).HOST).toBe('127.0.0.1');
    expect(loadEnv({ APP_ENV: 'production', ...own }).HOST).toBe('0.0.0.0');
    expect(loadEnv({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('refuses to start in production with the development key or session secret, or with loopback access', () => {
    expect(() => loadEnv({ APP_ENV: 'production' })).toThrow(/ADMIN_API_KEY: must be set[\s\S]*SESSION_SECRET: must be set/);
    expect(() => loadEnv({ APP_ENV: 'production', ADMIN_API_KEY: own.ADMIN_API_KEY })).toThrow(/SESSION_SECRET/);
    expect(() => loadEnv({ APP_ENV: 'production', ...own, ANONYMOUS_LOOPBACK: 'true' })).toThrow(/ANONYMOUS_LOOPBACK/);
    expect(() => loadEnv({ APP_ENV: 'production', ...own, SERVICE_AUTH_SECRET: undefined })).toThrow(/SERVICE_AUTH_SECRET: must be set/);
    expect(loadEnv({ APP_ENV: 'production', ...own })).toMatchObject({ APP_ENV: 'production', ANONYMOUS_LOOPBACK: false });
  });

  it('refuses short secrets and malformed CORS origins', () => {
    expect(() => loadEnv({ ADMIN_API_KEY: 'short' })).toThrow(/ADMIN_API_KEY must be 32 to 512/);
    expect(() => loadEnv({ CORS_ORIGINS: 'not a url' })).toThrow(/CORS_ORIGINS/);
    expect(loadEnv({ CORS_ORIGINS: 'https://ops.example.com/, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://ops.example.com',
      'http://localhost:5173',
    ]);
  });
});
