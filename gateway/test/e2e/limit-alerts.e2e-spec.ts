import { waitFor } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import { type Alert, AlertListSchema } from '@emissions/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StackState, startStack, stopStack } from '../../../scripts/stack/stack.mjs';

/** Whole minutes `m` after a point five hours ago, as UTC `Z`: inside the current reporting year. */
const T0 = Math.floor((Date.now() - 5 * 3_600_000) / 60_000) * 60_000;
const at = (m: number) => new Date(T0 + m * 60_000).toISOString().replace('.000Z', 'Z');

// The whole engine (gateway, ingestion, relay, alerting): batches and a PATCH in, near_limit and annual alerts out.
describe('near_limit and annual_limit_exceeded alerts over HTTP', () => {
  let stack: StackState;
  beforeAll(async () => {
    stack = await startStack({ label: 'limits' });
  }, 120_000);
  afterAll(() => stopStack(stack));

  const call = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.adminKey}`, ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const alertsOf = async (siteId: string): Promise<Alert[]> =>
    AlertListSchema.parse((await call(`/api/v1/alerts?site_id=${siteId}&limit=100`)).body).data;

  it('raises near_limit and annual_limit_exceeded once each for a crossing batch sent twice, and one more for a lowered annual limit', async () => {
    const site = (
      await call('/api/v1/sites', {
        body: {
          name: `Limits ${randomUUID()}`,
          emission_limit: '100',
          annual_limit: '50',
          timezone: 'Asia/Tokyo',
          reporting_year_start_month: 4,
        },
      })
    ).body as { id: string };
    const send = (key: string, readings: unknown[]) =>
      call('/api/v2/ingest', { body: { site_id: site.id, readings }, headers: { 'Idempotency-Key': key } });
    expect((await send(randomUUID(), [{ sensor_id: 'a', measured_at: at(0), value: 40, unit: 'kg' }])).status).toBe(201);
    const crossing = randomUUID();
    const crossingReadings = [{ sensor_id: 'a', measured_at: at(1), value: 45, unit: 'kg' }];
    expect((await send(crossing, crossingReadings)).status).toBe(201);
    expect((await send(crossing, crossingReadings)).status).toBe(201); // a retry: replayed, nothing new
    const raised = await waitFor(async () => {
      const alerts = await alertsOf(site.id);
      return alerts.length >= 2 && alerts;
    }, 'the near_limit and annual_limit_exceeded alerts');
    expect(
      raised
        .map(({ type, severity, total_at_trigger, emission_limit }) => ({ type, severity, total_at_trigger, emission_limit }))
        .sort((a, b) => a.type.localeCompare(b.type)),
    ).toEqual([
      { type: 'annual_limit_exceeded', severity: 'critical', total_at_trigger: '85', emission_limit: '50' },
      { type: 'near_limit', severity: 'warning', total_at_trigger: '85', emission_limit: '100' },
    ]);

    // Raised over the year's total, then lowered under it again: a new crossing, one more alert.
    expect((await call(`/api/v1/sites/${site.id}`, { method: 'PATCH', body: { annual_limit: '200' } })).status).toBe(200);
    expect((await call(`/api/v1/sites/${site.id}`, { method: 'PATCH', body: { annual_limit: '60' } })).status).toBe(200);
    const annual = await waitFor(async () => {
      const alerts = (await alertsOf(site.id)).filter((a) => a.type === 'annual_limit_exceeded');
      return alerts.length >= 2 && alerts;
    }, 'the annual alert of the lowered limit');
    expect(annual.map((a) => a.emission_limit).sort()).toEqual(['50', '60']);
    expect((await alertsOf(site.id)).filter((a) => a.type === 'limit_exceeded')).toEqual([]);
  });
});
