import { batchIngestedEvent } from '@emissions/testing';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  AlertDetailSchema,
  AlertListSchema,
  CreatedWebhookSchema,
  WebhookDeliveryListSchema,
  WebhookListSchema,
} from '@emissions/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useContractStack } from '../support/contract.stack';
import { expectProblem, http } from '../support/http';

// The alerting service may reach loopback here, so a webhook to this test's own address is accepted.
describe('alerts and webhooks over HTTP', () => {
  const stack = useContractStack({}, { WEBHOOK_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8', WEBHOOK_SWEEP_MS: '1000' });
  const call = (path: string, options: Parameters<typeof http>[2] = {}) => http(stack.gateway().baseUrl, path, options);
  let redis: Redis;
  let queue: Queue;

  beforeAll(() => {
    const env = stack.service().alerting.env();
    redis = new Redis(env.REDIS_URL as string, { maxRetriesPerRequest: null });
    queue = new Queue(env.QUEUE_NAME as string, { connection: redis });
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    redis?.disconnect();
  });

  /** A batch event that crosses a limit of 100, as the relay would deliver it; resolves the alert's id. */
  async function raiseAlert(siteId = randomUUID()): Promise<string> {
    const eventId = randomUUID();
    const event = batchIngestedEvent({ event_id: eventId, site_id: siteId });
    await queue.add('batch.ingested', event, { jobId: `outbox-${eventId}` });
    for (let i = 0; i < 200; i++) {
      const listed = AlertListSchema.parse((await call(`/api/v1/alerts?site_id=${siteId}`)).body);
      if (listed.data[0]) return listed.data[0].id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the alert was not raised');
  }

  it('acknowledges and resolves an alert, then refuses any further move with 409 alert_state_conflict', async () => {
    const site = randomUUID();
    const id = await raiseAlert(site);
    const listed = AlertListSchema.parse((await call(`/api/v1/alerts?site_id=${site}&status=open`)).body);
    expect(listed.counts).toEqual({ open: 1, acknowledged: 0 });

    const acked = await call(`/api/v1/alerts/${id}/acknowledge`, { json: { note: 'looking' } });
    expect(acked.status, acked.text).toBe(200);
    expect(AlertDetailSchema.parse(acked.body)).toMatchObject({ status: 'acknowledged' });
    expect(AlertListSchema.parse((await call(`/api/v1/alerts?site_id=${site}`)).body).counts).toEqual({ open: 0, acknowledged: 1 });

    expectProblem(
      await call(`/api/v1/alerts/${id}/acknowledge`, { method: 'POST' }),
      'alert_state_conflict',
      `/api/v1/alerts/${id}/acknowledge`,
    );
    const resolved = await call(`/api/v1/alerts/${id}/resolve`, { json: { resolution: 'false_alarm', note: 'calibration' } });
    expect(AlertDetailSchema.parse(resolved.body)).toMatchObject({ status: 'resolved', resolution: 'false_alarm' });
    expectProblem(await call(`/api/v1/alerts/${id}/resolve`, { json: { resolution: 'fixed' } }), 'alert_state_conflict');

    const detail = AlertDetailSchema.parse((await call(`/api/v1/alerts/${id}`)).body);
    expect(detail.history.map((e) => [e.action, e.by, e.note])).toEqual([
      ['raised', 'system', null],
      ['acknowledged', 'operator', 'looking'],
      ['resolved', 'operator', 'calibration'],
    ]);
  });

  it('answers 404 alert_not_found, and 400 for a malformed id, a missing resolution or an unknown field', async () => {
    expectProblem(await call(`/api/v1/alerts/${randomUUID()}`), 'alert_not_found');
    expectProblem(await call(`/api/v1/alerts/${randomUUID()}/acknowledge`, { json: {} }), 'alert_not_found');
    expectProblem(await call('/api/v1/alerts/not-a-uuid'), 'validation_failed');
    const id = await raiseAlert();
    const missing = expectProblem(await call(`/api/v1/alerts/${id}/resolve`, { json: { note: 'x' } }), 'validation_failed');
    expect(missing.errors).toEqual([expect.objectContaining({ path: 'resolution' })]);
    expectProblem(await call(`/api/v1/alerts/${id}/acknowledge`, { json: { notes: 'typo' } }), 'validation_failed');
    expectProblem(await call('/api/v1/alerts?status=closed'), 'validation_failed');
    expect(AlertDetailSchema.parse((await call(`/api/v1/alerts/${id}`)).body).status).toBe('open');
  });

  it('registers a webhook (secret once, Location), lists it without the secret, logs its deliveries, and deletes it', async () => {
    const created = await call('/api/v1/webhooks', {
      json: { url: 'http://127.0.0.1:9/hook', event_types: ['alert.raised', 'alert.raised'] },
    });
    expect(created.status, created.text).toBe(201);
    const hook = CreatedWebhookSchema.parse(created.body);
    expect(hook.event_types).toEqual(['alert.raised']);
    expect(created.headers.get('location')).toBe(`/api/v1/webhooks/${hook.id}`);
    const listed = WebhookListSchema.parse((await call('/api/v1/webhooks')).body);
    expect(listed.data.find((w) => w.id === hook.id)).toEqual({ ...hook, secret: undefined });
    expect(JSON.stringify(listed)).not.toContain(hook.secret);

    const alertId = await raiseAlert();
    const log = WebhookDeliveryListSchema.parse((await call(`/api/v1/webhooks/${hook.id}/deliveries`)).body);
    expect(log.data.map((d) => [d.alert_id, d.event_type])).toEqual([[alertId, 'alert.raised']]);

    expect((await call(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(WebhookListSchema.parse((await call('/api/v1/webhooks')).body).data.map((w) => w.id)).not.toContain(hook.id);
    expectProblem(await call(`/api/v1/webhooks/${randomUUID()}/deliveries`), 'webhook_not_found');
  });

  it('refuses webhooks to private addresses outside the allowed ranges, naming the url field', async () => {
    const refused = expectProblem(
      await call('/api/v1/webhooks', { json: { url: 'http://10.1.2.3/hook', event_types: ['alert.raised'] } }),
      'validation_failed',
    );
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'url', code: 'target_refused' })]);
    expectProblem(
      await call('/api/v1/webhooks', { json: { url: 'file:///etc/passwd', event_types: ['alert.raised'] } }),
      'validation_failed',
    );
    expectProblem(await call('/api/v1/webhooks', { json: { url: 'https://example.com/h', event_types: [] } }), 'validation_failed');
  });
});
