import { RedisNames } from '@emissions/contracts';
import { randomUUID } from 'node:crypto';
import { uniqueName } from '@emissions/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../support/gateway.harness';
import { bearer } from '../support/http';
import { readEvents, type SseEvent } from '../support/sse';

describe('live updates and pipeline metrics', () => {
  const stream = uniqueName('site-updates');
  let gw: RunningGateway;
  let redis: Redis;
  beforeAll(async () => {
    gw = await startGateway({ SITE_UPDATES_STREAM: stream, ALERTING_PORT: '1' });
    redis = new Redis(process.env.REDIS_URL as string);
  });
  afterAll(async () => {
    await redis?.del(stream);
    redis?.disconnect();
    await gw?.close();
  });

  /** Resolves once the stream's snapshot marker arrived: the gateway writes it after subscribing the client. */
  function snapshotMarker() {
    let arrived!: () => void;
    const done = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    return { done, signal: (e: SseEvent) => e.event?.startsWith('snapshot.') && arrived() };
  }

  const update = (total: string) =>
    JSON.stringify({ site_id: randomUUID(), total_emissions_to_date: total, compliance_status: 'Within Limit' });

  it('delivers site.updated events written to the stream after the client connected', async () => {
    // Two events: the snapshot's closing marker (this harness may have no sites to snapshot), then the entry.
    const subscribed = snapshotMarker();
    const pending = readEvents(`${gw.baseUrl}/api/v1/stream`, 2, {}, 5000, subscribed.signal);
    await subscribed.done;
    const data = update('12.5');
    const id = await redis.xadd(stream, '*', 'data', data);
    const { status, type, events } = await pending;
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/event-stream/);
    expect(events.filter((e) => e.event === 'site.updated')).toEqual([{ event: 'site.updated', id, data }]);
    expect(events.filter((e) => e.event !== 'site.updated').map((e) => e.event)).toEqual([
      expect.stringMatching(/^snapshot\.(complete|unavailable)$/),
    ]);
  });

  it('resumes after Last-Event-ID with exactly the entries that followed it', async () => {
    const first = (await redis.xadd(stream, '*', 'data', update('1'))) as string;
    const second = update('2');
    const third = update('3');
    const ids = [await redis.xadd(stream, '*', 'data', second), await redis.xadd(stream, '*', 'data', third)];
    const { events } = await readEvents(`${gw.baseUrl}/api/v1/stream`, 2, { 'Last-Event-ID': first });
    expect(events.map((e) => [e.id, e.data])).toEqual([
      [ids[0], second],
      [ids[1], third],
    ]);
  });

  it('never sends a stream entry outside the shared schema to a browser, live or on resume, and counts it', async () => {
    const anchor = (await redis.xadd(stream, '*', 'data', update('0'))) as string;
    const subscribed = snapshotMarker();
    const pending = readEvents(`${gw.baseUrl}/api/v1/stream`, 2, {}, 5000, subscribed.signal);
    await subscribed.done;
    const site_id = randomUUID();
    const malformed: string[][] = [
      ['data', 'not json'],
      ['data', JSON.stringify({ site_id, total_emissions_to_date: '1', compliance_status: 'Fine' })],
      ['event', 'alert.changed', 'data', JSON.stringify({ site_id })],
      ['event', 'site.deleted', 'data', update('1')],
      // A payload that would forge a second SSE event if it were written as it is.
      ['data', `{"site_id":"${site_id}"}\n\nevent: alert.changed\ndata: {"forged":true}`],
    ];
    for (const fields of malformed) await redis.xadd(stream, '*', ...fields);
    const valid = update('7');
    const id = await redis.xadd(stream, '*', 'data', valid);
    const live = await pending;
    expect(live.events.filter((e) => !e.event?.startsWith('snapshot.'))).toEqual([{ event: 'site.updated', id, data: valid }]);
    const resumed = await readEvents(`${gw.baseUrl}/api/v1/stream`, 1, { 'Last-Event-ID': anchor });
    expect(resumed.events).toEqual([{ event: 'site.updated', id, data: valid }]);
    const text = await (await fetch(`${gw.baseUrl}/metrics`)).text();
    expect(text).toMatch(new RegExp(`^stream_entries_dropped_total ${malformed.length}$`, 'm'));
  });

  it('exposes the cluster-wide pipeline counters from Redis', async () => {
    await redis.incrby(RedisNames.outboxPublishedCounter, 0);
    const expected = Number((await redis.get(RedisNames.outboxPublishedCounter)) ?? 0);
    const text = await (await fetch(`${gw.baseUrl}/metrics`)).text();
    expect(text).toMatch(new RegExp(`^outbox_published_total ${expected}$`, 'm'));
    expect(text).toMatch(/^alerts_raised_total \d+$/m);
  });

  it('answers 503 service_unavailable for alerts while the alerting service is unreachable', async () => {
    const res = await fetch(`${gw.baseUrl}/api/v1/alerts`, { headers: bearer() });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('service_unavailable');
  });

  it('rejects a malformed alerts query with validation_failed', async () => {
    const res = await fetch(`${gw.baseUrl}/api/v1/alerts?limit=0`, { headers: bearer() });
    expect(res.status).toBe(400);
  });
});
