import { randomUUID } from 'node:crypto';
import { CreatedDeviceKeySchema, IngestionPatterns } from '@emissions/contracts';
import { AuthenticatedTcpClient, AuthenticatedTcpServer, MessageSeal } from '@emissions/service-auth';
import { freePort, nestFrame, rawTcpExchange } from '@emissions/testing';
import type { INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../src/app.module';
import { type IngestionTestApp, reading, startIngestionTestApp, v1Command } from '../support/ingestion-test-app';

const SECRET = `test-service-auth-${randomUUID()}`;

describe('the ingestion TCP port hears only messages signed with SERVICE_AUTH_SECRET', () => {
  let app: IngestionTestApp;
  let service: INestMicroservice;
  let port: number;

  beforeAll(async () => {
    app = await startIngestionTestApp();
    port = await freePort();
    // The service as main.ts starts it: the real module graph behind the authenticated TCP server.
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ metricsEndpoint: false })] }).compile();
    service = moduleRef.createNestMicroservice({ strategy: new AuthenticatedTcpServer({ host: '127.0.0.1', port }, { secret: SECRET }) });
    await service.listen();
  });
  afterAll(async () => {
    await service?.close();
    await app?.close();
  });

  const count = async (table: string, siteId: string) => {
    const column = table === 'outbox_events' ? 'aggregate_id' : 'site_id';
    return (await app.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = ?`, [siteId]))[0].n;
  };
  /** What an attacker who can reach the port sends: Nest's own request packets. */
  const packet = (pattern: string, data: unknown) => JSON.stringify({ pattern, data, id: randomUUID() });
  const mintKey = (siteId: string) => packet(IngestionPatterns.createDeviceKey, { site_id: siteId, label: 'attacker' });
  const ingest = (siteId: string) => packet(IngestionPatterns.ingestBatch, v1Command(siteId, [reading(1, '5')], randomUUID(), 'attacker'));
  const nothingWritten = async (siteId: string) => {
    expect(await count('api_keys', siteId)).toBe(0);
    expect(await count('measurements', siteId)).toBe(0);
    expect(await count('ingestion_batches', siteId)).toBe(0);
    expect(await count('outbox_events', siteId)).toBe(0);
  };

  it('closes the connection on unsigned keys.create and ingest.batch frames, answers nothing and writes nothing', async () => {
    const site = await app.newSite();
    expect(await rawTcpExchange(port, nestFrame(mintKey(site.id)))).toEqual({ received: '', closedByPeer: true });
    expect(await rawTcpExchange(port, nestFrame(ingest(site.id)))).toEqual({ received: '', closedByPeer: true });
    await nothingWritten(site.id);
  });

  it('closes the connection on frames signed with another secret', async () => {
    const site = await app.newSite();
    const forger = new MessageSeal({ secret: `not-${SECRET}` });
    for (const json of [mintKey(site.id), ingest(site.id)]) {
      expect(await rawTcpExchange(port, nestFrame(forger.seal('request', json)))).toEqual({ received: '', closedByPeer: true });
    }
    await nothingWritten(site.id);
  });

  it('closes the connection as soon as a frame announces more than the cap (2 MiB characters), before reading it', async () => {
    const site = await app.newSite();
    expect(await rawTcpExchange(port, `${2 * 1024 * 1024 + 1}#${mintKey(site.id)}`)).toEqual({ received: '', closedByPeer: true });
    await nothingWritten(site.id);
  });

  it('closes the connection on a signed frame whose timestamp is outside the window', async () => {
    const site = await app.newSite();
    const stale = new MessageSeal({ secret: SECRET, now: () => Date.now() - 60_000 }).seal('request', mintKey(site.id));
    expect(await rawTcpExchange(port, nestFrame(stale))).toEqual({ received: '', closedByPeer: true });
    await nothingWritten(site.id);
  });

  it('serves the signed client (the gateway): the key is minted and the batch stored', async () => {
    const site = await app.newSite();
    const client = new AuthenticatedTcpClient({ host: '127.0.0.1', port }, { secret: SECRET });
    try {
      const key = CreatedDeviceKeySchema.parse(
        await firstValueFrom(client.send(IngestionPatterns.createDeviceKey, { site_id: site.id, label: 'gateway' })),
      );
      expect(key.site_id).toBe(site.id);
      await firstValueFrom(client.send(IngestionPatterns.ingestBatch, v1Command(site.id, [reading(1, '5')])));
      expect(await count('api_keys', site.id)).toBe(1);
      expect(await count('measurements', site.id)).toBe(1);
    } finally {
      client.close();
    }
  });
});
