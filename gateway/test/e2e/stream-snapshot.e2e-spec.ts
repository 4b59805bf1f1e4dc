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
    // The whole site rides along, so the dashboard needs no request per site to draw its row.
    expect(event.site).toMatchObject({ id: site.id, name: site.name, emission_limit: '10', total_emissions_to_date: '12.5' });
    expect(event.site.last_measured_at).toBe('2026-01-01T00:00:00Z');

    // After the last snapshot event, one marker that says how many sites it held.
    const snapshotEvents = opened.events.filter((e) => e.event === 'site.updated');
    const complete = opened.events.findIndex((e) => e.event === 'snapshot.complete');
    expect(complete).toBe(snapshotEvents.length);
    expect(JSON.parse(opened.events[complete].data ?? '{}')).toEqual({ sites: snapshotEvents.length });
  });
});
