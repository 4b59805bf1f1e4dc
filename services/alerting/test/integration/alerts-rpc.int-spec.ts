import { waitFor } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import { AlertingPatterns, AlertListSchema } from '@emissions/contracts';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertingHarness, newBatchIngestedEvent, signedClient, startAlerting } from '../support/alerting.harness';

describe('alerts.list over TCP', () => {
  let h: AlertingHarness;
  let client: ReturnType<typeof signedClient>;
  const site = randomUUID();
  const otherSite = randomUUID();

  beforeAll(async () => {
    h = await startAlerting();
    client = signedClient(h);
    const events = [
      newBatchIngestedEvent({ site_id: site, total_after: '120.50', committed_at: '2026-11-27T10:00:00.000Z' }),
      newBatchIngestedEvent({ site_id: otherSite, total_after: '100.000001', committed_at: '2026-11-27T12:00:00+01:00' }),
    ];
    for (const e of events) await h.queue.add('batch.ingested', e, { jobId: `outbox-${e.event_id}` });
    await waitFor(async () => (await h.queue.getCompletedCount()) === 2, 'both events processed', 20_000);
  });

  afterAll(async () => {
    client?.close();
    await h?.close();
  });

  it('lists the alerts of one site with canonical decimals and UTC timestamps', async () => {
    const result = AlertListSchema.parse(await firstValueFrom(client.send(AlertingPatterns.listAlerts, { site_id: site, limit: 10 })));
    expect(result.data).toHaveLength(1);
    expect(result.data[0]).toMatchObject({
      site_id: site,
      type: 'limit_exceeded',
      total_at_trigger: '120.5',
      emission_limit: '100',
      triggered_at: '2026-11-27T10:00:00.000Z',
    });
  });

  it('lists alerts of all sites newest first', async () => {
    const result = AlertListSchema.parse(await firstValueFrom(client.send(AlertingPatterns.listAlerts, {})));
    const mine = result.data.filter((a) => a.site_id === site || a.site_id === otherSite);
    expect(mine.map((a) => [a.site_id, a.triggered_at])).toEqual([
      [otherSite, '2026-11-27T11:00:00.000Z'],
      [site, '2026-11-27T10:00:00.000Z'],
    ]);
    expect(mine[0].total_at_trigger).toBe('100.000001');
  });

  it('answers validation_failed for a malformed query', async () => {
    await expect(firstValueFrom(client.send(AlertingPatterns.listAlerts, { site_id: 'nope', limit: 0 }))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('answers the health ping', async () => {
    expect(await firstValueFrom(client.send(AlertingPatterns.ping, {}))).toEqual({ status: 'ok' });
  });
});

describe('alerts.list with its database down', () => {
  it('answers service_unavailable with a retry hint', async () => {
    const h = await startAlerting({ env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' } });
    const client = signedClient(h);
    try {
      await expect(firstValueFrom(client.send(AlertingPatterns.listAlerts, {}))).rejects.toMatchObject({
        code: 'service_unavailable',
        retry_after_s: 2,
      });
    } finally {
      client.close();
      await h.close().catch(() => undefined);
    }
  });
});
