import { describe, expect, it } from 'vitest';
import { checkServiceAuthSecret, DEVELOPMENT_SERVICE_AUTH_SECRET, ServiceAuthSecretSchema } from './service-auth-secret';

describe('SERVICE_AUTH_SECRET', () => {
  it('defaults to the development value, which only production refuses', () => {
    expect(ServiceAuthSecretSchema.parse(undefined)).toBe(DEVELOPMENT_SERVICE_AUTH_SECRET);
    expect(checkServiceAuthSecret({ APP_ENV: 'development', SERVICE_AUTH_SECRET: DEVELOPMENT_SERVICE_AUTH_SECRET })).toBeNull();
    expect(checkServiceAuthSecret({ APP_ENV: 'production', SERVICE_AUTH_SECRET: DEVELOPMENT_SERVICE_AUTH_SECRET })).toEqual({
      variable: 'SERVICE_AUTH_SECRET',
      problem: expect.stringMatching(/^must be set to a secret of your own/),
    });
    expect(checkServiceAuthSecret({ APP_ENV: 'production', SERVICE_AUTH_SECRET: 's'.repeat(32) })).toBeNull();
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => ServiceAuthSecretSchema.parse('short')).toThrow(/SERVICE_AUTH_SECRET must be 32 to 512/);
  });
});
