import { describe, expect, it } from 'vitest';
import { useContractStack } from '../support/contract.stack';
import { readEvents } from '../support/sse';

describe('live stream snapshot (gateway + services)', () => {
  const stack = useContractStack();

  it('sends a client without Last-Event-ID the current total of every site first', async () => {
    const site = await stack.newSite({ emission_limit: '10' });
    const res = await stack.post('/api/v1/ingest', { site_id: site.id, readings: [{ timestamp: '2026-01-01T00:00:00Z', value: '12.5' }] });
    expect(res.status).toBe(201);

    const opened = await readEvents(`${stack.gateway().baseUrl}/api/v1/stream`, 50, {}, 2000);
    expect(opened.status).toBe(200);
    const mine = opened.events.filter((e) => e.event === 'site.updated' && e.data?.includes(site.id));
    expect(mine).toHaveLength(1);
    expect(mine[0].id).toBeUndefined();
    const event = JSON.parse(mine[0].data ?? '{}');
    expect(event).toMatchObject({ site_id: site.id, total_emissions_to_date: '12.5', compliance_status: 'Limit Exceeded' });
    // The site's overview row rides along, so the dashboard needs no request per site to draw its row.
    expect(event.site).toEqual({
      id: site.id,
      name: site.name,
      emission_limit: '10',
      metadata: site.metadata,
      total_emissions_to_date: '12.5',
      compliance_status: 'Limit Exceeded',
      last_measured_at: '2026-01-01T00:00:00Z',
      near_limit_pct: 80,
    });
    expect(event.site.last_measured_at).toBe('2026-01-01T00:00:00Z');

    // After the last snapshot event, one marker that says how many sites it held.
    const snapshotEvents = opened.events.filter((e) => e.event === 'site.updated');
    const complete = opened.events.findIndex((e) => e.event === 'snapshot.complete');
    expect(complete).toBe(snapshotEvents.length);
    expect(JSON.parse(opened.events[complete].data ?? '{}')).toEqual({ sites: snapshotEvents.length });
  });

  it('sends the snapshot as one sites.snapshot event with ?snapshot=single, and none with ?snapshot=none', async () => {
    const site = await stack.newSite({ emission_limit: '100' });
    const archived = await stack.newSite({ emission_limit: '100' });
    expect((await stack.post(`/api/v1/sites/${archived.id}/archive`, {})).status).toBe(200);
    expect(
      (await stack.post('/api/v1/ingest', { site_id: site.id, readings: [{ timestamp: '2026-01-01T00:00:00Z', value: '7' }] })).status,
    ).toBe(201);
    const listed = await stack.get('/api/v1/sites?limit=500');
    const active = (listed.body as { data: { id: string }[] }).data.map((s) => s.id);

    const single = await readEvents(`${stack.gateway().baseUrl}/api/v1/stream?snapshot=single`, 1, {}, 2000);
    expect(single.status).toBe(200);
    expect(single.events.map((e) => e.event)).toEqual(['sites.snapshot']);
    expect(single.events[0].id).toBeUndefined();
    const snapshot = JSON.parse(single.events[0].data ?? '{}') as { sites: { id: string }[]; truncated: boolean };
    expect(snapshot.truncated).toBe(false);
    // Every active site, in the list's order; archived ones stay out.
    expect(snapshot.sites.map((s) => s.id)).toEqual(active);
    expect(snapshot.sites.map((s) => s.id)).not.toContain(archived.id);
    expect(snapshot.sites.find((s) => s.id === site.id)).toMatchObject({ total_emissions_to_date: '7', compliance_status: 'Within Limit' });

    const none = await readEvents(`${stack.gateway().baseUrl}/api/v1/stream?snapshot=none`, 1, {}, 1000);
    expect(none.status).toBe(200);
    expect(none.events).toEqual([]);
  });

  it('refuses an unknown snapshot shape with a problem, before opening the stream', async () => {
    const res = await stack.get('/api/v1/stream?snapshot=all');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'validation_failed' });
  });
});
