import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_ADMIN_API_KEY, loadEnv } from './env';

/** Generated-looking secrets of the kind `openssl rand -base64 32` gives. */
const own = {
  ADMIN_API_KEY: 'q7Vd2mXk9LpR4tZa8WcN1yBf6HsJ3eUg0oKiTnQxPvE',
  SESSION_SECRET: 'Zr5Lm8Qa2Xt9Wd4Kp7Nc1Vb6Hy3Jg0Fs-Ue_ToRiEwA',
  SERVICE_AUTH_SECRET: 'Hk3Wq8Zt1Lm6Xc9Vb2Np5Rd7Fg0Js4Ya-Ue_ToMiEwB',
};

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

  it('refuses weak secrets in production with what is wrong and how to make a good one', () => {
    const weak = (vars: Record<string, string>) => () => loadEnv({ APP_ENV: 'production', ...own, ...vars });
    expect(weak({ ADMIN_API_KEY: 'a'.repeat(40) })).toThrow(
      /ADMIN_API_KEY: is too weak for APP_ENV=production: it uses only 1 distinct characters.*openssl rand/,
    );
    expect(weak({ SESSION_SECRET: 'passwordpasswordpasswordpassword' })).toThrow(/SESSION_SECRET: is too weak/);
    expect(weak({ METRICS_TOKEN: 'abcdefghijabcdefghijabcdefghijab' })).toThrow(
      /METRICS_TOKEN: is too weak.*estimated strength is \d+ bits/,
    );
    expect(weak({ METRICS_TOKEN: 'dev-metrics-token-change-me-000000000000' })).toThrow(/METRICS_TOKEN: .*published placeholder/);
    // Development keeps accepting them: only production is held to it.
    expect(loadEnv({ ADMIN_API_KEY: 'a'.repeat(40) }).ADMIN_API_KEY).toBe('a'.repeat(40));
  });

  it('refuses a secret reused for another job in production', () => {
    expect(() => loadEnv({ APP_ENV: 'production', ...own, SESSION_SECRET: own.ADMIN_API_KEY })).toThrow(
      /SESSION_SECRET: must differ from ADMIN_API_KEY/,
    );
    expect(() => loadEnv({ APP_ENV: 'production', ...own, METRICS_TOKEN: own.SESSION_SECRET })).toThrow(
      /METRICS_TOKEN: must differ from SESSION_SECRET/,
    );
  });

  it('refuses the demo fault switch in production', () => {
    expect(() => loadEnv({ APP_ENV: 'production', ...own, DEMO_FAULTS: 'true' })).toThrow(
      /DEMO_FAULTS: must not be true when APP_ENV=production/,
    );
    expect(loadEnv({ DEMO_FAULTS: 'true' }).DEMO_FAULTS).toBe(true);
  });

  it('passes generated secrets, hex ones included', () => {
    const hex = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(loadEnv({ APP_ENV: 'production', ...own, METRICS_TOKEN: hex }).METRICS_TOKEN).toBe(hex);
    expect(loadEnv({ APP_ENV: 'production', ...own, METRICS_TOKEN: hex.slice(0, 32) }).METRICS_TOKEN).toBe(hex.slice(0, 32));
  });

  it('takes TRUST_PROXY as a hop count or a list of proxy addresses and CIDRs, and refuses true', () => {
    expect(loadEnv({}).TRUST_PROXY).toBe(false);
    expect(loadEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadEnv({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(loadEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadEnv({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,fd00::/8,loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      'fd00::/8',
      'loopback',
    ]);
    expect(() => loadEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: TRUST_PROXY=true trusts every hop.*number of proxies/);
    expect(() => loadEnv({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/neither an address nor a CIDR: 10\.0\.0\.0\/33/);
    expect(() => loadEnv({ TRUST_PROXY: 'proxy.example.com' })).toThrow(/TRUST_PROXY/);
  });
});
