import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createGatewayApp } from '../../src/app.setup';
import { type GatewayEnv, loadEnv } from '../../src/config/env';
import { TEST_OPERATOR_KEY } from './http';
import { freePort } from './service.process';

export type RunningGateway = { app: NestExpressApplication; baseUrl: string; env: GatewayEnv; close: () => Promise<void> };

/** The real gateway, in process, on an ephemeral port; overrides are environment variables. */
export async function startGateway(overrides: Record<string, string> = {}): Promise<RunningGateway> {
  // Services default to ports nothing listens on, so a stack running on this machine never answers a test.
  const [ingestionPort, alertingPort] = [String(await freePort()), String(await freePort())];
  const env = loadEnv({
    LOG_LEVEL: 'silent',
    REDIS_URL: process.env.REDIS_URL,
    HOST: '127.0.0.1',
    PORT: '0',
    INGESTION_PORT: ingestionPort,
    ALERTING_PORT: alertingPort,
    // Tests authenticate as clients do (http() sends the operator key); the loopback shortcut stays off.
    ADMIN_API_KEY: TEST_OPERATOR_KEY,
    SESSION_SECRET: `test-session-secret-${randomUUID()}`,
    // Services started for a test pass theirs through gatewayEnv(); a gateway without them needs one of its own.
    SERVICE_AUTH_SECRET: `test-service-auth-${randomUUID()}`,
    ANONYMOUS_LOOPBACK: 'false',
    // Every gateway its own buckets, with room for the load some suites send from one address.
    RATE_LIMIT_NAMESPACE: `rl-test-${randomUUID()}`,
    RATE_LIMIT_ADDRESS_PER_MIN: '1000000',
    RATE_LIMIT_ADDRESS_BURST: '100000',
    RATE_LIMIT_EDGE_PER_MIN: '1000000',
    RATE_LIMIT_EDGE_BURST: '100000',
    RATE_LIMIT_OPERATOR_PER_MIN: '1000000',
    RATE_LIMIT_OPERATOR_BURST: '100000',
    // The suites try many refused credentials on purpose; the brute-force test sets its own strict limit.
    RATE_LIMIT_AUTH_FAILURES_PER_MIN: '1000000',
    RATE_LIMIT_AUTH_FAILURES_BURST: '100000',
    ...overrides,
  });
  const app = await createGatewayApp(env);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, env, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
