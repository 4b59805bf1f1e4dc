import { RpcFailureFilter } from '@emissions/service-kit';
import { randomUUID } from 'node:crypto';
import {
  type CreateSiteInput,
  CreateSiteRequestSchema,
  type IngestBatchCommand,
  IngestV1RequestSchema,
  type Site,
} from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule, type IngestionAppOptions } from '../../src/app.module';
import { IngestBatchHandler } from '../../src/ingestion/commands/ingest-batch.handler';
import { KeysRpcController } from '../../src/keys/keys.rpc.controller';
import { CreateSiteHandler } from '../../src/sites/commands/create-site.handler';

export type IngestionTestApp = Awaited<ReturnType<typeof startIngestionTestApp>>;

/** The real ingestion module graph on the test database; transports are not needed to test the rules. */
export async function startIngestionTestApp(options: IngestionAppOptions = {}) {
  Logger.overrideLogger(['error']);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ metricsEndpoint: false, ...options })] }).compile();
  await moduleRef.init();
  const em = moduleRef.get(EntityManager);
  const ingest = moduleRef.get(IngestBatchHandler);
  const createSite = moduleRef.get(CreateSiteHandler);
  const failures = new RpcFailureFilter('ingestion');
  /** Runs a call and gives what the RPC edge would send: the result, or the failure code. */
  async function attempt<T>(call: () => Promise<T>) {
    try {
      return { ok: true as const, result: await call() };
    } catch (err) {
      return { ok: false as const, failure: failures.toFailure(err) };
    }
  }
  return {
    moduleRef,
    ingest,
    attempt,
    /** The device-key message handlers, called with raw payloads as the transport would. */
    keys: moduleRef.get(KeysRpcController),
    send: (cmd: IngestBatchCommand) => attempt(() => ingest.execute(cmd)),
    newSite(overrides: Partial<CreateSiteInput> = {}): Promise<Site> {
      return createSite.execute(CreateSiteRequestSchema.parse({ name: `Site ${randomUUID()}`, emission_limit: '1000', ...overrides }));
    },
    sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
      return em.fork().execute<T[]>(query, params);
    },
    close: () => moduleRef.close(),
  };
}

/** Builds an ingest command the way the gateway does for a v1 body (sent by the operator unless said otherwise). */
export function v1Command(
  siteId: string,
  readings: unknown[],
  key: string | null = randomUUID(),
  clientId = 'operator',
): IngestBatchCommand {
  const parsed = IngestV1RequestSchema.parse({ site_id: siteId, readings });
  return {
    site_id: parsed.site_id,
    client_id: clientId,
    idempotency_key: key,
    api_version: 1,
    request_id: null,
    readings: parsed.readings,
  };
}

export function reading(minute: number, value: string | number, sensor_id = 'sensor-1') {
  return { timestamp: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), value, sensor_id };
}
