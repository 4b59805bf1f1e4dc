import { waitFor } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import { AlertListSchema, EmissionEventListSchema, IngestResponseSchema, SiteReportSchema } from '@emissions/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StackState, startStack, stopStack } from '../../../scripts/stack/stack.mjs';

/** Whole minutes `m` after a point five hours ago, as UTC `Z`. */
const T0 = Math.floor((Date.now() - 5 * 3_600_000) / 60_000) * 60_000;
const at = (m: number) => new Date(T0 + m * 60_000).toISOString().replace('.000Z', 'Z');

// The whole engine (gateway, ingestion, relay, alerting): rate readings in over v2, events and alerts out.
describe('rate readings and emission events over HTTP', () => {
  let stack: StackState;
  beforeAll(async () => {
    stack = await startStack({ label: 'events' });
  }, 120_000);
  afterAll(() => stopStack(stack));

  const call = async (path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.adminKey}`, ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
  };

  it('ingests rate readings over v2 and serves their emission event, with one super_emitter alert, on v1 and v2', async () => {
    const site = (await call('/api/v1/sites', { body: { name: `Events ${randomUUID()}`, emission_limit: '100000' } })).body as {
      id: string;
    };
    const readings = [
      { sensor_id: 'stack', measured_at: at(0), value: 150, unit: 'kg/h', duration_s: 600 },
      { sensor_id: 'stack', measured_at: at(10), value: '25000', unit: 'scf/h', duration_s: 600 },
      { sensor_id: 'stack', measured_at: at(20), value: 1, unit: 'kg/h', duration_s: 1 },
      { sensor_id: 'tank', measured_at: at(0), value: 2, unit: 'kg' },
    ];
    const ingested = await call('/api/v2/ingest', { body: { site_id: site.id, readings }, headers: { 'Idempotency-Key': randomUUID() } });
    expect(ingested.status).toBe(201);
    // 25 + 480 × 600 / 3600 (25000 scf/h = 480 kg/h) + 0.000278 + 2
    expect(IngestResponseSchema.parse(ingested.body)).toMatchObject({ readings_accepted: 4, total_emissions_to_date: '107.000278' });

    const events = await waitFor(async () => {
      const listed = EmissionEventListSchema.parse((await call(`/api/v1/sites/${site.id}/events`)).body).data;
      return listed.length > 0 && listed;
    }, 'the emission event');
    expect(events).toEqual([
      {
        id: expect.any(String),
        site_id: site.id,
        sensor_id: 'stack',
        kind: 'super_emitter',
        started_at: at(0),
        ended_at: at(20),
        peak_rate_kg_h: '480',
        mass_kg: '105',
        readings: 2,
        open: false,
      },
    ]);
    const v2 = await call(`/api/v2/sites/${site.id}/events`);
    expect(v2.headers.get('api-version')).toBe('2');
    expect(EmissionEventListSchema.parse(v2.body).data).toEqual(events);

    const alerts = AlertListSchema.parse((await call(`/api/v1/alerts?site_id=${site.id}&type=super_emitter`)).body).data;
    expect(alerts).toEqual([
      expect.objectContaining({ type: 'super_emitter', severity: 'critical', status: 'open', emission_event_id: events[0].id }),
    ]);
  });

  it("lists every event and alert of a report's year, however many newer ones the site has (more than a list page)", async () => {
    const site = (await call('/api/v1/sites', { body: { name: `Report events ${randomUUID()}`, emission_limit: '100000000' } })).body as {
      id: string;
    };
    const send = async (readings: unknown[]) => {
      const res = await call('/api/v2/ingest', { body: { site_id: site.id, readings }, headers: { 'Idempotency-Key': randomUUID() } });
      expect(res.status).toBe(201);
    };
    await send([{ sensor_id: 'old', measured_at: '2025-06-01T00:00:00Z', value: 150, unit: 'kg/h', duration_s: 600 }]);
    // 600 events in 2026: each reading two hours after the last one ended an hour and fifty minutes earlier.
    const hours = (h: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + h * 3_600_000).toISOString();
    for (let b = 0; b < 6; b++) {
      await send(
        Array.from({ length: 100 }, (_, i) => ({
          sensor_id: 'new',
          measured_at: hours(2 * (b * 100 + i)),
          value: 150,
          unit: 'kg/h',
          duration_s: 600,
        })),
      );
    }
    const report = async (year: number) => SiteReportSchema.parse((await call(`/api/v1/sites/${site.id}/report?year=${year}`)).body);
    // A report's alerts are those triggered in its period: the 2025 event's alert was raised now, so it is 2026's.
    const newer = await waitFor(
      async () => {
        const r = await report(2026);
        return r.events.length === 600 && r.alerts.length === 601 && r;
      },
      "the 600 events of 2026 and the 601 alerts raised in it in the site's report",
      60_000,
    );
    expect(newer.events[0].started_at).toBe(hours(1198).replace('.000Z', 'Z'));
    const older = await report(2025);
    expect(older.events).toEqual([expect.objectContaining({ sensor_id: 'old', started_at: '2025-06-01T00:00:00Z', mass_kg: '25' })]);
    expect(older.alerts).toEqual([]);
    expect(newer.alerts.filter((a) => a.emission_event_id === older.events[0].id)).toHaveLength(1);
    // The event list reaches all 600 of 2026 and the one of 2025 a page at a time, newest first.
    const events = EmissionEventListSchema.parse((await call(`/api/v1/sites/${site.id}/events?limit=500`)).body);
    const olderEvents = EmissionEventListSchema.parse(
      (await call(`/api/v1/sites/${site.id}/events?limit=500&cursor=${events.next_cursor}`)).body,
    );
    expect(olderEvents.next_cursor).toBeUndefined();
    expect([...events.data, ...olderEvents.data].map((e) => e.id)).toEqual([...newer.events, ...older.events].map((e) => e.id));
    const forged = await call(`/api/v1/sites/${site.id}/events?cursor=bm90LWEtY3Vyc29y`);
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'cursor' }] });
    // The alert list reaches all 601 a page at a time.
    const first = AlertListSchema.parse((await call(`/api/v1/alerts?site_id=${site.id}&limit=500`)).body);
    expect(first.data).toHaveLength(500);
    const rest = AlertListSchema.parse((await call(`/api/v1/alerts?site_id=${site.id}&limit=500&cursor=${first.next_cursor}`)).body);
    expect(rest.next_cursor).toBeUndefined();
    expect(new Set([...first.data, ...rest.data].map((a) => a.id))).toEqual(new Set(newer.alerts.map((a) => a.id)));
  }, 120_000);

  it('answers 404 site_not_found for an unknown site and 400 for a malformed id or limit', async () => {
    const unknown = await call(`/api/v1/sites/${randomUUID()}/events`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'site_not_found' });
    expect((await call('/api/v1/sites/not-a-uuid/events')).status).toBe(400);
    const site = (await call('/api/v1/sites', { body: { name: `Events ${randomUUID()}`, emission_limit: '1' } })).body as { id: string };
    expect((await call(`/api/v1/sites/${site.id}/events?limit=0`)).status).toBe(400);
    expect(EmissionEventListSchema.parse((await call(`/api/sites/${site.id}/events`)).body)).toEqual({ data: [] });
  });

  it('refuses a rate without duration_s and a mass with one, writing nothing', async () => {
    const site = (await call('/api/v1/sites', { body: { name: `Events ${randomUUID()}`, emission_limit: '1' } })).body as { id: string };
    for (const reading of [
      { sensor_id: 's', measured_at: at(0), value: 1, unit: 'kg/h' },
      { sensor_id: 's', measured_at: at(0), value: 1, unit: 'kg', duration_s: 60 },
    ]) {
      const res = await call('/api/v2/ingest', {
        body: { site_id: site.id, readings: [reading] },
        headers: { 'Idempotency-Key': randomUUID() },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'readings[0].duration_s' })] });
    }
    const metrics = (await call(`/api/v1/sites/${site.id}/metrics`)).body as { measurement_count: number };
    expect(metrics.measurement_count).toBe(0);
  });
});
