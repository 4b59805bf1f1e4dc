import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createGatewayApp } from '../../src/app.setup';
import { type GatewayEnv, loadEnv } from '../../src/config/env';
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
    ...overrides,
  });
  const app = await createGatewayApp(env);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, env, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
