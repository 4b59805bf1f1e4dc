import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { CreatedDeviceKeySchema, SensorBreakdownSchema } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { ingestBody, useContractStack } from '../support/contract.stack';
import { expectProblem, http } from '../support/http';

// GET /sites/{id}/sensors over HTTP: the real gateway in front of the real ingestion service on a fresh database.
describe('per-sensor breakdown (gateway + ingestion service)', () => {
  const stack = useContractStack();
  const { get, post, newSite } = stack;
  const ingest = (siteId: string, readings: unknown[], key: string = randomUUID()) =>
    post('/api/v2/ingest', { site_id: siteId, readings }, { 'idempotency-key': key });

  it('answers each sensor largest first, in the site zone’s months, counting a replayed and a duplicate batch once', async () => {
    const site = await newSite({ timezone: 'Asia/Tokyo' });
    const readings = [
      // 2026-01-31T15:00Z is already February in Tokyo.
      { sensor_id: 'flare', measured_at: '2026-01-31T14:00:00Z', value: '1.5', unit: 'kg' },
      { sensor_id: 'flare', measured_at: '2026-01-31T15:00:00Z', value: '2000', unit: 'g' },
      { sensor_id: 'tank', measured_at: '2026-02-10T00:00:00Z', value: '10', unit: 'kg/h', duration_s: 3600 },
    ];
    ingestBody(await ingest(site.id, readings, 'first'));
    const replay = await ingest(site.id, readings, 'first');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(ingestBody(await ingest(site.id, readings))).toMatchObject({ readings_accepted: 0, readings_duplicate: 3 });

    const all = await get(`/api/v1/sites/${site.id}/sensors`);
    expect(all.status, all.text).toBe(200);
    expect(all.headers.get('api-version')).toBe('1');
    expect(SensorBreakdownSchema.parse(all.body)).toEqual({
      site_id: site.id,
      timezone: 'Asia/Tokyo',
      from: null,
      to: null,
      start: null,
      end: null,
      total_kg: '13.5',
      readings: 3,
      sensor_count: 2,
      data: [
        {
          sensor_id: 'tank',
          total_kg: '10',
          readings: 1,
          first_measured_at: '2026-02-10T00:00:00Z',
          last_measured_at: '2026-02-10T00:00:00Z',
          share_pct: 74.07,
        },
        {
          sensor_id: 'flare',
          total_kg: '3.5',
          readings: 2,
          first_measured_at: '2026-01-31T14:00:00Z',
          last_measured_at: '2026-01-31T15:00:00Z',
          share_pct: 25.93,
        },
      ],
    });

    const february = SensorBreakdownSchema.parse((await get(`/api/sites/${site.id}/sensors?from=2026-02&to=2026-03&limit=1`)).body);
    expect(february).toMatchObject({ start: '2026-01-31T15:00:00Z', end: '2026-02-28T15:00:00Z', total_kg: '12', sensor_count: 2 });
    expect(february.data.map((d) => [d.sensor_id, d.total_kg, d.share_pct])).toEqual([['tank', '10', 83.33]]);
  });

  it('lets a device key read its own site’s breakdown and refuses it another site’s', async () => {
    const [own, other] = [await newSite(), await newSite()];
    const key = CreatedDeviceKeySchema.parse((await post(`/api/v1/sites/${own.id}/keys`, {})).body).key;
    const base = stack.gateway().baseUrl;
    expect((await http(base, `/api/v1/sites/${own.id}/sensors`, { auth: key })).status).toBe(200);
    expectProblem(await http(base, `/api/v1/sites/${other.id}/sensors`, { auth: key }), 'forbidden');
  });

  it('answers problems for an unknown site, a malformed id and a bad range or limit', async () => {
    const site = await newSite();
    expectProblem(await get(`/api/v1/sites/${randomUUID()}/sensors`), 'site_not_found');
    expectProblem(await get('/api/v1/sites/not-a-uuid/sensors'), 'validation_failed');
    for (const query of ['from=2026-04&to=2026-04', 'from=2026-05&to=2026-04', 'from=2026-04-01', 'to=1999-12', 'limit=0', 'limit=1001']) {
      const res = await get(`/api/v1/sites/${site.id}/sensors?${query}`);
      expectProblem(res, 'validation_failed');
    }
    const inverted = await get(`/api/v1/sites/${site.id}/sensors?from=2026-05&to=2026-04`);
    expect(inverted.body).toMatchObject({ errors: [{ path: 'to', message: 'must be a later month than from' }] });
  });
});
