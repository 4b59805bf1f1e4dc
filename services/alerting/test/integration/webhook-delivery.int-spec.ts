import { waitFor } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import {
  AlertingPatterns,
  type CreatedWebhook,
  CreatedWebhookSchema,
  WebhookDeliveryListSchema,
  WebhookPayloadSchema,
  type WebhookEventType,
} from '@emissions/contracts';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AlertingHarness, newBatchIngestedEvent, raiseAlert, rpcClient, startAlerting } from '../support/alerting.harness';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Loopback allowed on purpose, and a fast retry schedule so outages are retried within the test's time. */
const FAST_RETRIES = {
  WEBHOOK_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8',
  WEBHOOK_BACKOFF_BASE_MS: '100',
  WEBHOOK_BACKOFF_MAX_MS: '2000',
  WEBHOOK_SWEEP_MS: '1000',
  // Every refused attempt logs a warning; the outage test makes dozens on purpose.
  LOG_LEVEL: 'error',
};

describe('webhook delivery to a receiver on loopback', () => {
  let h: AlertingHarness;
  let rpc: ReturnType<typeof rpcClient>;
  let receiver: WebhookReceiver;
  let hook: CreatedWebhook;

  beforeAll(async () => {
    h = await startAlerting({ env: FAST_RETRIES });
    rpc = rpcClient(h);
  });
  afterAll(async () => {
    rpc?.close();
    await h?.close();
  });
  afterEach(async () => {
    await rpc.call(AlertingPatterns.deleteWebhook, { id: hook.id });
    await receiver.stop();
  });

  async function register(eventTypes: WebhookEventType[] = ['alert.raised']) {
    receiver = await WebhookReceiver.start();
    hook = CreatedWebhookSchema.parse(await rpc.call(AlertingPatterns.createWebhook, { url: receiver.url, event_types: eventTypes }));
    receiver.secret = hook.secret;
  }

  const deliveriesOf = async (alertId: string) => {
    const log = WebhookDeliveryListSchema.parse(await rpc.call(AlertingPatterns.listWebhookDeliveries, { id: hook.id }));
    return log.data.filter((d) => d.alert_id === alertId);
  };
  const deliveredOnce = (alertId: string, timeoutMs = 20_000) =>
    waitFor(
      async () => {
        const [delivery, ...more] = await deliveriesOf(alertId);
        return delivery?.status === 'delivered' && more.length === 0 && delivery;
      },
      `the delivery of alert ${alertId}`,
      timeoutMs,
    );

  it('delivers each raised alert once, signed, with a delivery id that the log and the body share', async () => {
    await register();
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const alertId = await raiseAlert(h);
    const delivery = await deliveredOnce(alertId);
    expect(delivery).toMatchObject({ event_type: 'alert.raised', attempts: 1, last_status_code: 204, last_error: null });

    const receipts = receiver.receipts.filter((r) => r.deliveryId === delivery.id);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].signatureValid).toBe(true);
    expect(receipts[0].event).toBe('alert.raised');
    const payload = WebhookPayloadSchema.parse(JSON.parse(receipts[0].body));
    expect(payload).toMatchObject({ id: delivery.id, type: 'alert.raised', data: { alert: { id: alertId, status: 'open' } } });
  });

  it('gives every alert one batch raises its own delivery to each subscribed webhook, none to an unsubscribed one', async () => {
    await register();
    const other = CreatedWebhookSchema.parse(
      await rpc.call(AlertingPatterns.createWebhook, { url: receiver.url, event_types: ['alert.acknowledged'] }),
    );
    const measuredAt = new Date(Date.now() - 3_600_000).toISOString();
    const event = newBatchIngestedEvent({
      super_emitter_kg_h: '100',
      rate_readings: ['a', 'b'].map((sensor_id) => ({
        sensor_id,
        measured_at: measuredAt,
        duration_s: 600,
        rate_kg_h: '250',
        mass_kg: '41.666667',
      })),
    });
    await h.queue.add('batch.ingested', event, { jobId: `outbox-${event.event_id}` });
    const alerts = await waitFor(
      async () => {
        const { rows } = await h.db.query<{ id: string; type: string }>(
          'SELECT id, type FROM alerting.alerts WHERE site_id = $1 ORDER BY type, sensor_id',
          [event.site_id],
        );
        return rows.length === 3 && rows;
      },
      'the three alerts of the batch',
      20_000,
    );
    expect(alerts.map((a) => a.type)).toEqual(['limit_exceeded', 'super_emitter', 'super_emitter']);
    for (const alert of alerts) {
      const delivery = await deliveredOnce(alert.id);
      const [receipt, ...again] = receiver.receipts.filter((r) => r.deliveryId === delivery.id);
      expect(again).toEqual([]);
      expect(receipt.signatureValid).toBe(true);
      expect(WebhookPayloadSchema.parse(JSON.parse(receipt.body)).data.alert.id).toBe(alert.id);
    }
    const otherLog = WebhookDeliveryListSchema.parse(await rpc.call(AlertingPatterns.listWebhookDeliveries, { id: other.id }));
    expect(otherLog.data).toEqual([]);
    await rpc.call(AlertingPatterns.deleteWebhook, { id: other.id });
  });

  it('sends nothing more when the same event is delivered again (a duplicate job)', async () => {
    await register();
    const event = newBatchIngestedEvent();
    await h.queue.add('batch.ingested', event, { jobId: `outbox-${event.event_id}` });
    const alertId = await waitFor(
      async () => (await h.db.query<{ id: string }>('SELECT id FROM alerting.alerts WHERE event_id = $1', [event.event_id])).rows[0]?.id,
      'condition',
      20_000,
    );
    const delivery = await deliveredOnce(alertId);
    // The relay re-publishes it under another job id (as after a pruned job id), twice.
    for (const n of [1, 2]) await h.queue.add('batch.ingested', event, { jobId: `outbox-${event.event_id}-again-${n}` });
    await waitFor(async () => (await h.queue.getCompletedCount()) >= 3, 'the duplicates processed', 20_000);
    // The delivery job itself delivered twice (the sweep re-queues under the same id; here another id): a no-op.
    const deliveryQueue = new Queue(h.env.WEBHOOK_QUEUE_NAME, { connection: h.redis });
    await deliveryQueue.add('webhook.delivery', { delivery_id: delivery.id }, { jobId: `delivery-${delivery.id}-again` });
    await waitFor(
      async () => (await deliveryQueue.getJobState(`delivery-${delivery.id}-again`)) === 'completed',
      'the duplicate job',
      20_000,
    );
    await deliveryQueue.close();
    expect(await deliveriesOf(alertId)).toEqual([delivery]);
    expect(receiver.receipts.filter((r) => r.deliveryId === delivery.id)).toHaveLength(1);
  });

  it('retries a receiver answering 500 with the same delivery id and body until it accepts', async () => {
    await register();
    let failures = 0;
    receiver.answer = () => (failures++ < 3 ? 500 : 200);
    const alertId = await raiseAlert(h);
    const delivery = await deliveredOnce(alertId);
    expect(delivery).toMatchObject({ attempts: 4, last_status_code: 200 });
    const receipts = receiver.receipts.filter((r) => r.deliveryId === delivery.id);
    expect(receipts.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
    expect(new Set(receipts.map((r) => r.body)).size).toBe(1);
    expect(receipts.every((r) => r.signatureValid)).toBe(true);
    expect(receiver.acceptedOf(delivery.id)).toHaveLength(1);
  });

  it('keeps retrying through a receiver that is down for a minute, then delivers once', async () => {
    await register();
    await receiver.stop();
    const alertId = await raiseAlert(h);
    const down = Date.now();
    const pending = await waitFor(
      async () => {
        const [delivery] = await deliveriesOf(alertId);
        return delivery && delivery.attempts >= 2 && delivery;
      },
      'condition',
      20_000,
    );
    expect(pending).toMatchObject({ status: 'pending', last_status_code: null, last_error: 'ECONNREFUSED' });
    await new Promise((r) => setTimeout(r, Math.max(0, 60_000 - (Date.now() - down))));
    expect((await deliveriesOf(alertId))[0].status).toBe('pending');
    await receiver.listen();
    const delivery = await deliveredOnce(alertId, 45_000);
    // Retries kept coming during the outage (capped at 2 s apart), and the last one got through.
    expect(delivery.attempts).toBeGreaterThan(pending.attempts);
    expect(receiver.acceptedOf(delivery.id)).toHaveLength(1);
    expect(receiver.acceptedOf(delivery.id)[0].signatureValid).toBe(true);
  }, 180_000);

  it('announces acknowledgements and resolutions to the webhooks subscribed to them', async () => {
    await register(['alert.acknowledged', 'alert.resolved']);
    const alertId = await raiseAlert(h);
    await rpc.call(AlertingPatterns.acknowledgeAlert, { id: alertId, by: 'operator', note: 'on it' });
    await rpc.call(AlertingPatterns.resolveAlert, { id: alertId, by: 'operator', resolution: 'fixed' });
    const deliveries = await waitFor(
      async () => {
        const all = await deliveriesOf(alertId);
        return all.length === 2 && all.every((d) => d.status === 'delivered') && all;
      },
      'condition',
      20_000,
    );
    expect(deliveries.map((d) => d.event_type).sort()).toEqual(['alert.acknowledged', 'alert.resolved']);
    const statuses = receiver.receipts.map((r) => WebhookPayloadSchema.parse(JSON.parse(r.body)).data.alert.status);
    expect(statuses.sort()).toEqual(['acknowledged', 'resolved']);
  });

  it('stops delivering to a deleted webhook', async () => {
    await register();
    await rpc.call(AlertingPatterns.deleteWebhook, { id: hook.id });
    // Deliveries are written in the transaction that raises the alert: none exist once it is stored.
    await raiseAlert(h);
    expect(WebhookDeliveryListSchema.parse(await rpc.call(AlertingPatterns.listWebhookDeliveries, { id: hook.id })).data).toEqual([]);
    expect(receiver.receipts).toEqual([]);
  });
});

describe('webhook targets', () => {
  let h: AlertingHarness;
  let rpc: ReturnType<typeof rpcClient>;
  beforeAll(async () => {
    h = await startAlerting();
    rpc = rpcClient(h);
  });
  afterAll(async () => {
    rpc?.close();
    await h?.close();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest',
    'https://10.0.0.7/x',
  ])('refuses %s when private addresses are not allowed, storing nothing', async (url) => {
    const before = await h.db.query('SELECT count(*)::int AS n FROM alerting.webhooks');
    await expect(rpc.call(AlertingPatterns.createWebhook, { url, event_types: ['alert.raised'] })).rejects.toMatchObject({
      code: 'validation_failed',
      detail: expect.stringMatching(/^url: .*private, loopback or reserved/),
    });
    expect((await h.db.query('SELECT count(*)::int AS n FROM alerting.webhooks')).rows).toEqual(before.rows);
  });

  it('refuses URLs that are not absolute http(s) without credentials, and unknown event types', async () => {
    for (const url of ['ftp://example.com/x', 'https://user:pw@example.com/x', '/relative'])
      await expect(rpc.call(AlertingPatterns.createWebhook, { url, event_types: ['alert.raised'] })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    await expect(
      rpc.call(AlertingPatterns.createWebhook, { url: 'https://example.com/x', event_types: ['alert.exploded'] }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('answers webhook_not_found for the log of an unknown webhook', async () => {
    await expect(rpc.call(AlertingPatterns.listWebhookDeliveries, { id: randomUUID() })).rejects.toMatchObject({
      code: 'webhook_not_found',
    });
  });
});
