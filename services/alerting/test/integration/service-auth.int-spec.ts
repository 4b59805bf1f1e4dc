import { randomUUID } from 'node:crypto';
import { AlertingPatterns, CreatedWebhookSchema } from '@emissions/contracts';
import { MessageSeal } from '@emissions/service-auth';
import { nestFrame, rawTcpExchange } from '@emissions/testing';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertingHarness, signedClient, startAlerting } from '../support/alerting.harness';

/** The message an attacker on the network would send: Nest's own request packet for webhooks.create. */
function createWebhookPacket(url: string) {
  return JSON.stringify({ pattern: AlertingPatterns.createWebhook, data: { url, event_types: ['alert.raised'] }, id: randomUUID() });
}

describe('the alerting TCP port hears only messages signed with SERVICE_AUTH_SECRET', () => {
  let h: AlertingHarness;
  const webhooksAt = async (url: string) =>
    (await h.db.query<{ n: string }>('SELECT count(*)::text AS n FROM alerting.webhooks WHERE url = $1', [url])).rows[0].n;

  beforeAll(async () => {
    h = await startAlerting({ env: { WEBHOOK_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('closes the connection on an unsigned Nest frame, answers nothing and stores no webhook', async () => {
    const url = `http://127.0.0.1:9/${randomUUID()}`;
    const exchange = await rawTcpExchange(h.env.ALERTING_PORT, nestFrame(createWebhookPacket(url)));
    expect(exchange).toEqual({ received: '', closedByPeer: true });
    expect(await webhooksAt(url)).toBe('0');
  });

  it('closes the connection on a frame signed with another secret', async () => {
    const url = `http://127.0.0.1:9/${randomUUID()}`;
    const forged = new MessageSeal({ secret: `not-${h.env.SERVICE_AUTH_SECRET}` }).seal('request', createWebhookPacket(url));
    expect(await rawTcpExchange(h.env.ALERTING_PORT, nestFrame(forged))).toEqual({ received: '', closedByPeer: true });
    expect(await webhooksAt(url)).toBe('0');
  });

  it('closes the connection as soon as a frame announces more than the cap, before reading it', async () => {
    const url = `http://127.0.0.1:9/${randomUUID()}`;
    const exchange = await rawTcpExchange(h.env.ALERTING_PORT, `${3 * 1024 * 1024}#${createWebhookPacket(url)}`);
    expect(exchange).toEqual({ received: '', closedByPeer: true });
    expect(await webhooksAt(url)).toBe('0');
  });

  it('answers a correctly signed frame once, and refuses the same frame replayed', async () => {
    const url = `http://127.0.0.1:9/${randomUUID()}`;
    const frame = nestFrame(new MessageSeal({ secret: h.env.SERVICE_AUTH_SECRET }).seal('request', createWebhookPacket(url)));
    const first = await rawTcpExchange(h.env.ALERTING_PORT, frame, 'data');
    // The answer is sealed too: `<length>#v1.<timestamp>.<mac>.{…}`.
    expect(first.received).toMatch(/^\d+#v1\.\d+\.[\w-]{43}\.\{/);
    expect(await webhooksAt(url)).toBe('1');
    expect(await rawTcpExchange(h.env.ALERTING_PORT, frame)).toEqual({ received: '', closedByPeer: true });
    expect(await webhooksAt(url)).toBe('1');
  });

  it('serves the signed client (the gateway) as before', async () => {
    const client = signedClient(h);
    const url = `http://127.0.0.1:9/${randomUUID()}`;
    try {
      const created = CreatedWebhookSchema.parse(
        await firstValueFrom(client.send(AlertingPatterns.createWebhook, { url, event_types: ['alert.raised'] })),
      );
      expect(created.url).toBe(url);
      expect(await webhooksAt(url)).toBe('1');
    } finally {
      client.close();
    }
  });
});
