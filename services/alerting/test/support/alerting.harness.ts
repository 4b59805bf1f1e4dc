import { randomUUID } from 'node:crypto';
import type { BatchIngestedV1 } from '@emissions/contracts';
import { uniqueName, waitFor } from '@emissions/testing';
import { type INestMicroservice } from '@nestjs/common';
import { AuthenticatedTcpClient, AuthenticatedTcpServer } from '@emissions/service-auth';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';
import type { DestinationStream } from 'pino';
import { AlertingHooks } from '../../src/alerts/alerting.hooks';
import { AppModule } from '../../src/app.module';
import { type AlertingEnv, loadEnv } from '../../src/config/env';
import { batchIngestedEvent, freePort, settingsChangedEvent } from '@emissions/testing';

/** The shared event fixtures, under the names these tests use. */
export const newBatchIngestedEvent = batchIngestedEvent;
export const newSettingsChangedEvent = settingsChangedEvent;

type AlertingOptions = { hooks?: AlertingHooks; env?: Partial<Record<keyof AlertingEnv, string>>; logs?: DestinationStream };

/** The alerting service in-process, on a fresh queue and stream; `hooks` may replace the fault hook, `logs` captures its log lines. */
export async function startAlerting(opts: AlertingOptions = {}) {
  const env = loadEnv({
    ...process.env,
    QUEUE_NAME: uniqueName('alerting-q'),
    WEBHOOK_QUEUE_NAME: uniqueName('webhook-q'),
    SITE_UPDATES_STREAM: uniqueName('site-updates'),
    ALERTING_PORT: String(await freePort()),
    METRICS_PORT: '0',
    // Each harness its own secret: only a client built with it (signedClient) is heard.
    SERVICE_AUTH_SECRET: `test-service-auth-${randomUUID()}`,
    ...opts.env,
  });
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(env, opts.logs)] });
  if (opts.hooks) builder = builder.overrideProvider(AlertingHooks).useValue(opts.hooks);
  const moduleRef = await builder.compile();
  const app: INestMicroservice = moduleRef.createNestMicroservice({
    strategy: new AuthenticatedTcpServer({ host: env.ALERTING_HOST, port: env.ALERTING_PORT }, { secret: env.SERVICE_AUTH_SECRET }),
  });
  await app.listen();
  const redis = new IORedis(env.REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(env.QUEUE_NAME, { connection: redis });
  const db = new Client({ connectionString: env.DATABASE_URL });
  // Tolerated: one test points the service at a database that is down on purpose.
  await db.connect().catch(() => undefined);
  return {
    env,
    moduleRef,
    queue,
    redis,
    db,
    async close() {
      await app.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      const webhookQueue = new Queue(env.WEBHOOK_QUEUE_NAME, { connection: redis });
      await webhookQueue.obliterate({ force: true }).catch(() => undefined);
      await webhookQueue.close();
      await redis.del(env.SITE_UPDATES_STREAM);
      redis.disconnect();
      await db.end().catch(() => undefined);
    },
  };
}

export type AlertingHarness = Awaited<ReturnType<typeof startAlerting>>;

export async function alertsOfSite(db: Client, siteId: string) {
  const { rows } = await db.query<{ event_id: string; total_at_trigger: string; emission_limit: string }>(
    'SELECT event_id, total_at_trigger::text, emission_limit::text FROM alerting.alerts WHERE site_id = $1',
    [siteId],
  );
  return rows;
}

export { freePort };

/** A TCP client of the harness's alerting service; `call` resolves the answer or rejects with the RPC failure. */
export function rpcClient(h: AlertingHarness) {
  const proxy = signedClient(h);
  return {
    call: <T = unknown>(pattern: string, payload: unknown): Promise<T> => firstValueFrom(proxy.send<T>(pattern, payload)),
    close: () => proxy.close(),
  };
}

/** A TCP client of the harness's service that signs with its secret, as the gateway does. */
export function signedClient(h: AlertingHarness): AuthenticatedTcpClient {
  return new AuthenticatedTcpClient({ host: h.env.ALERTING_HOST, port: h.env.ALERTING_PORT }, { secret: h.env.SERVICE_AUTH_SECRET });
}

/** Raises one limit_exceeded alert for `siteId` through the queue, as the relay would, and returns its id. */
export async function raiseAlert(h: AlertingHarness, siteId = randomUUID(), overrides: Partial<BatchIngestedV1> = {}): Promise<string> {
  const event = newBatchIngestedEvent({ site_id: siteId, ...overrides });
  await h.queue.add('batch.ingested', event, { jobId: `outbox-${event.event_id}` });
  const row = await waitFor(
    async () => (await h.db.query<{ id: string }>('SELECT id FROM alerting.alerts WHERE event_id = $1', [event.event_id])).rows[0],
    `the alert of event ${event.event_id}`,
    20_000,
  );
  return row.id;
}
