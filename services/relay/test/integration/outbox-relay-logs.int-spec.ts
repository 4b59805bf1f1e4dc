import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCapture, waitFor } from '@emissions/testing';
import { commitOutboxEvent, connectDb, newBatchIngestedPayload, openQueue, relayEnv, startRelay } from '../support/relay.harness';

// Own file: the first app of a test file owns nestjs-pino's process-wide logger, so it is the captured one.
describe('relay logs', () => {
  let db: Client;
  beforeAll(async () => {
    db = await connectDb();
  });
  afterAll(() => db.end());

  it('logs one JSON line per published claim with every event id and request id, and the job carries the request id', async () => {
    const env = relayEnv({ LOG_LEVEL: 'info' });
    const consumer = openQueue(env);
    const payloads = [newBatchIngestedPayload({ request_id: 'req-relay-1' }), newBatchIngestedPayload({ request_id: 'req-relay-2' })];
    for (const p of payloads) await commitOutboxEvent(db, p);
    const logs = new LogCapture();
    const relay = await startRelay(env, undefined, logs);
    try {
      const line = await waitFor(async () => logs.grep('req-relay-2')[0], 'publish log line', 10_000);
      expect(line).toMatchObject({ level: 30, service: 'relay', context: 'OutboxRelay', count: 2 });
      expect(line.events).toEqual(payloads.map((p) => ({ event_id: p.event_id, request_id: p.request_id })));
      expect(logs.grep('req-relay-1')).toEqual([line]);
      const job = await consumer.jobOf(payloads[0].event_id);
      expect(job?.data.events.map((e: { request_id: string }) => e.request_id)).toEqual(['req-relay-1', 'req-relay-2']);
    } finally {
      await relay.close();
      await consumer.close();
    }
  });
});
