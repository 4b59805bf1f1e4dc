import type { CredentialKind } from '@emissions/contracts';
import type { GatewayEnv } from '../config/env';
import { addressBucketKey } from './client-address';

/** One token bucket: holds up to `burst` tokens, refills `perMinute` per minute; a request takes `cost` (default 1). */
export type BucketSpec = {
  key: string;
  burst: number;
  perMinute: number;
  cost?: number;
};

/** Every bucket key starts with RATE_LIMIT_NAMESPACE, so the limiter's keys never collide with queues or streams in the same Redis. */
const bucketKey = (env: GatewayEnv, name: string) => `${env.RATE_LIMIT_NAMESPACE}:${name}`;

/** Per client address (an IPv6 client by its /64), for every /api request. */
export function addressBucket(env: GatewayEnv, address: string): BucketSpec {
  return {
    key: bucketKey(env, `addr:${addressBucketKey(address)}`),
    burst: env.RATE_LIMIT_ADDRESS_BURST,
    perMinute: env.RATE_LIMIT_ADDRESS_PER_MIN,
  };
}

/**
 * Per credential, keyed by the ledger's client id (`operator` or `device:<key id>`): everyone holding the
 * operator key shares one bucket; each device key has its own. A `Principal` fits as it is.
 */
export function credentialBucket(env: GatewayEnv, credential: { kind: CredentialKind; clientId: string }): BucketSpec {
  const key = bucketKey(env, `cred:${credential.clientId}`);
  return credential.kind === 'operator'
    ? { key, burst: env.RATE_LIMIT_OPERATOR_BURST, perMinute: env.RATE_LIMIT_OPERATOR_PER_MIN }
    : { key, burst: env.RATE_LIMIT_DEVICE_BURST, perMinute: env.RATE_LIMIT_DEVICE_PER_MIN };
}
