import { RedisNames } from '@emissions/contracts';
import { DEVELOPMENT_SERVICE_AUTH_SECRET } from '@emissions/service-auth';
import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

// The secret's rules are tested in shared/service-auth; this proves the alerting environment applies them.
describe('alerting environment', () => {
  it('refuses the development SERVICE_AUTH_SECRET (its default) in production, and a short one anywhere', () => {
    const defaults = loadEnv({});
    expect(defaults.SERVICE_AUTH_SECRET).toBe(DEVELOPMENT_SERVICE_AUTH_SECRET);
    expect(() => loadEnv({ APP_ENV: 'production' })).toThrow(
      /^Invalid environment for the alerting service:\n {2}SERVICE_AUTH_SECRET: must be set to a secret of your own/,
    );
    expect(loadEnv({ APP_ENV: 'production', SERVICE_AUTH_SECRET: 'a'.repeat(40) }).SERVICE_AUTH_SECRET).toHaveLength(40);
    expect(() => loadEnv({ SERVICE_AUTH_SECRET: 'x'.repeat(31) })).toThrow(/SERVICE_AUTH_SECRET must be 32 to 512/);
  });

  it('names its queues and stream as the other processes do (the shared Redis names)', () => {
    expect(loadEnv({})).toMatchObject({
      QUEUE_NAME: RedisNames.batchIngestedQueue,
      WEBHOOK_QUEUE_NAME: RedisNames.webhookDeliveriesQueue,
      SITE_UPDATES_STREAM: RedisNames.siteUpdatesStream,
    });
    expect(() => loadEnv({ QUEUE_NAME: 'bad:name' })).toThrow(/QUEUE_NAME/);
  });
});
