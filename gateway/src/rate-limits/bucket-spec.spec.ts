import { describe, expect, it } from 'vitest';
import { loadEnv } from '../config/env';
import { addressBucket, authFailureBucket, credentialBucket } from './bucket-spec';

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
  it('limits each client address with the address settings', () => {
    expect(addressBucket(env, '2001:db8::1')).toEqual({ key: 'rl:addr:2001:db8::1', burst: 11, perMinute: 110 });
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

  it('counts failed authentications per address, one token each unless peeking', () => {
    expect(authFailureBucket(env, '10.0.0.7')).toEqual({ key: 'rl:authfail:10.0.0.7', burst: 4, perMinute: 2.5, cost: 1 });
    expect(authFailureBucket(env, '10.0.0.7', 0).cost).toBe(0);
  });

  it('uses the documented defaults, strict for failed authentication', () => {
    const defaults = loadEnv({});
    expect(authFailureBucket(defaults, '127.0.0.1')).toMatchObject({ burst: 10, perMinute: 10 });
    expect(credentialBucket(defaults, { kind: 'device', clientId: `device:${keyId}` })).toMatchObject({ burst: 120, perMinute: 600 });
  });
});
