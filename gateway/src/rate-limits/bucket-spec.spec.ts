import { describe, expect, it } from 'vitest';
import { loadEnv } from '../config/env';
import { addressBucket, credentialBucket } from './bucket-spec';

const env = loadEnv({
  RATE_LIMIT_ADDRESS_BURST: '11',
  RATE_LIMIT_ADDRESS_PER_MIN: '110',
  RATE_LIMIT_OPERATOR_BURST: '22',
  RATE_LIMIT_OPERATOR_PER_MIN: '220',
  RATE_LIMIT_DEVICE_BURST: '33',
  RATE_LIMIT_DEVICE_PER_MIN: '330',
  RATE_LIMIT_AUTH_FAILURES_BURST: '4',
  RATE_LIMIT_AUTH_FAILURES_PER_MIN: '2.5',
});
const keyId = '0b5f4d3e-7c1a-4e43-9d0e-5a8f2b6c7d81';

describe('rate limit buckets', () => {
  it('limits each client address with the address settings, an IPv6 client by its /64', () => {
    expect(addressBucket(env, '10.0.0.7')).toEqual({ key: 'rl:addr:10.0.0.7', burst: 11, perMinute: 110 });
    expect(addressBucket(env, '2001:db8::1')).toEqual({ key: 'rl:addr:2001:db8:0:0::/64', burst: 11, perMinute: 110 });
    expect(addressBucket(env, '2001:db8::ffff:1').key).toBe(addressBucket(env, '2001:db8::1').key);
  });

  it('gives every operator credential one shared bucket with the operator settings', () => {
    expect(credentialBucket(env, { kind: 'operator', clientId: 'operator' })).toEqual({
      key: 'rl:cred:operator',
      burst: 22,
      perMinute: 220,
    });
  });

  it('gives each device key its own bucket with the device settings', () => {
    const bucket = credentialBucket(env, { kind: 'device', clientId: `device:${keyId}` });
    expect(bucket).toEqual({ key: `rl:cred:device:${keyId}`, burst: 33, perMinute: 330 });
  });

  it('uses the documented defaults', () => {
    const defaults = loadEnv({});
    expect(credentialBucket(defaults, { kind: 'device', clientId: `device:${keyId}` })).toMatchObject({ burst: 120, perMinute: 600 });
  });
});
