import { randomUUID } from 'node:crypto';
import { type IngestResponse, IngestResponseSchema, type Site, SiteSchema } from '@emissions/contracts';
import { afterAll, beforeAll, expect } from 'vitest';
import { type RunningGateway, startGateway } from './gateway.harness';
import { type HttpResult, http } from './http';
import { IngestionServiceProcess } from './ingestion.process';

export type ContractStack = {
  service: () => IngestionServiceProcess;
  gateway: () => RunningGateway;
  get: (path: string) => Promise<HttpResult>;
  post: (path: string, json: unknown, headers?: Record<string, string>) => Promise<HttpResult>;
  newSite: (overrides?: Record<string, unknown>) => Promise<Site>;
};

/** Registers hooks that start the real services (fresh database) and the gateway in front of them. */
export function useContractStack(gatewayEnv: Record<string, string> = {}, serviceEnv: Record<string, string> = {}): ContractStack {
  let service: IngestionServiceProcess | undefined;
  let gw: RunningGateway | undefined;
  beforeAll(async () => {
    service = await IngestionServiceProcess.create(serviceEnv);
    await service.startAll();
    gw = await startGateway({ ...service.gatewayEnv(), ...gatewayEnv });
  });
  afterAll(async () => {
    await gw?.close();
    await service?.dispose();
  });
  const gateway = () => {
    if (!gw) throw new Error('the gateway is not started');
    return gw;
  };
  const post = (path: string, json: unknown, headers: Record<string, string> = {}) => http(gateway().baseUrl, path, { json, headers });
  return {
    service: () => {
      if (!service) throw new Error('the ingestion service is not started');
      return service;
    },
    gateway,
    get: (path) => http(gateway().baseUrl, path),
    post,
    newSite: async (overrides = {}) => {
      const res = await post('/api/v1/sites', { name: `Site ${randomUUID()}`, emission_limit: '1000', ...overrides });
      expect(res.status, res.text).toBe(201);
      return SiteSchema.parse(res.body);
    },
  };
}

/** A 201 ingest response, parsed with the shared schema. */
export function ingestBody(res: HttpResult): IngestResponse {
  expect(res.status, res.text).toBe(201);
  return IngestResponseSchema.parse(res.body);
}

/** A whole-second UTC timestamp `h` hours ago. */
export const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
