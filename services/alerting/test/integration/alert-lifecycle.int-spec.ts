import { randomUUID } from 'node:crypto';
import { type AlertDetail, AlertDetailSchema, AlertingPatterns, AlertListSchema } from '@emissions/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertingHarness, raiseAlert, rpcClient, startAlerting } from '../support/alerting.harness';

describe('the alert lifecycle', () => {
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

  const get = async (id: string) => AlertDetailSchema.parse(await rpc.call(AlertingPatterns.getAlert, { id }));
  const acknowledge = (id: string, note?: string) => rpc.call<AlertDetail>(AlertingPatterns.acknowledgeAlert, { id, by: 'operator', note });
  const resolve = (id: string, resolution: string, note?: string) =>
    rpc.call<AlertDetail>(AlertingPatterns.resolveAlert, { id, by: 'operator', resolution, note });

  it('raises an open critical alert whose history starts with the raise', async () => {
    const alert = await get(await raiseAlert(h));
    expect(alert).toMatchObject({ type: 'limit_exceeded', severity: 'critical', status: 'open', resolution: null });
    expect(alert.history).toEqual([{ at: alert.triggered_at, by: 'system', action: 'raised', note: null }]);
  });

  it('moves open → acknowledged → resolved, recording who, when and the note of each move', async () => {
    const id = await raiseAlert(h);
    const acked = AlertDetailSchema.parse(await acknowledge(id, 'crew dispatched'));
    expect(acked).toMatchObject({ status: 'acknowledged', resolution: null });
    const resolved = AlertDetailSchema.parse(await resolve(id, 'fixed', 'valve replaced'));
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'fixed' });
    expect(resolved.history.map((e) => [e.by, e.action, e.note])).toEqual([
      ['system', 'raised', null],
      ['operator', 'acknowledged', 'crew dispatched'],
      ['operator', 'resolved', 'valve replaced'],
    ]);
    const times = resolved.history.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(await get(id)).toEqual(resolved);
  });

  it('resolves an open alert directly as a false alarm, without a note', async () => {
    const id = await raiseAlert(h);
    const resolved = AlertDetailSchema.parse(await resolve(id, 'false_alarm'));
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'false_alarm' });
    expect(resolved.history.map((e) => [e.action, e.note])).toEqual([
      ['raised', null],
      ['resolved', null],
    ]);
  });

  it.each([
    ['acknowledge an acknowledged alert', ['acknowledge'], 'acknowledge'],
    ['acknowledge a resolved alert', ['resolve'], 'acknowledge'],
    ['resolve a resolved alert', ['resolve'], 'resolve'],
    ['acknowledge an alert resolved after acknowledgement', ['acknowledge', 'resolve'], 'acknowledge'],
    ['resolve an alert resolved after acknowledgement', ['acknowledge', 'resolve'], 'resolve'],
  ])('refuses to %s with alert_state_conflict and changes nothing', async (_label, before, refused) => {
    const id = await raiseAlert(h);
    for (const move of before) await (move === 'acknowledge' ? acknowledge(id) : resolve(id, 'fixed'));
    const stored = await get(id);
    const attempt = refused === 'acknowledge' ? acknowledge(id, 'again') : resolve(id, 'false_alarm', 'again');
    await expect(attempt).rejects.toMatchObject({ code: 'alert_state_conflict' });
    expect(await get(id)).toEqual(stored);
  });

  it('lets exactly one of many concurrent acknowledgements through', async () => {
    const id = await raiseAlert(h);
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => acknowledge(id, `attempt ${i}`)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.map((o) => (o.reason as { code: string }).code)).toEqual(Array(5).fill('alert_state_conflict'));
    expect((await get(id)).history.filter((e) => e.action === 'acknowledged')).toHaveLength(1);
  });

  it('answers alert_not_found for an unknown id and validation_failed for a bad move', async () => {
    await expect(acknowledge(randomUUID())).rejects.toMatchObject({ code: 'alert_not_found' });
    await expect(rpc.call(AlertingPatterns.getAlert, { id: randomUUID() })).rejects.toMatchObject({ code: 'alert_not_found' });
    const id = await raiseAlert(h);
    await expect(resolve(id, 'shrug')).rejects.toMatchObject({ code: 'validation_failed' });
    expect((await get(id)).status).toBe('open');
  });

  it('keeps the history append-only in the database itself', async () => {
    const id = await raiseAlert(h);
    await acknowledge(id, 'original note');
    await expect(h.db.query("UPDATE alerting.alert_history SET note = 'rewritten' WHERE alert_id = $1", [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(h.db.query('DELETE FROM alerting.alert_history WHERE alert_id = $1', [id])).rejects.toThrow(/append-only/);
    expect((await get(id)).history[1].note).toBe('original note');
  });

  it('publishes alert.changed on the live stream for the raise and every move', async () => {
    const id = await raiseAlert(h);
    await acknowledge(id);
    await resolve(id, 'fixed');
    const entries = await h.redis.xrange(h.env.SITE_UPDATES_STREAM, '-', '+');
    const changes = entries
      .filter(([, fields]) => fields[0] === 'event' && fields[1] === 'alert.changed')
      .map(([, fields]) => JSON.parse(fields[3]) as { id: string; action: string; status: string })
      .filter((c) => c.id === id);
    expect(changes.map((c) => [c.action, c.status])).toEqual([
      ['raised', 'open'],
      ['acknowledged', 'acknowledged'],
      ['resolved', 'resolved'],
    ]);
  });
});

describe('listing alerts across sites', () => {
  let h: AlertingHarness;
  let rpc: ReturnType<typeof rpcClient>;
  const site = randomUUID();
  const ids: string[] = [];
  beforeAll(async () => {
    h = await startAlerting();
    rpc = rpcClient(h);
    // Three alerts of one site (three limits crossed), then: one acknowledged, one resolved.
    for (const [i, limit] of ['100', '200', '300'].entries()) {
      const at = `2026-11-2${i + 1}T10:00:00.000Z`;
      ids.push(await raiseAlert(h, site, { emission_limit: limit, total_before: limit, total_after: `${limit}.5`, committed_at: at }));
    }
    await rpc.call(AlertingPatterns.acknowledgeAlert, { id: ids[1], by: 'operator' });
    await rpc.call(AlertingPatterns.resolveAlert, { id: ids[2], by: 'operator', resolution: 'fixed' });
  });
  afterAll(async () => {
    rpc?.close();
    await h?.close();
  });

  const list = async (query: Record<string, unknown>) => AlertListSchema.parse(await rpc.call(AlertingPatterns.listAlerts, query));

  it('filters by status and counts open and acknowledged under the other filters', async () => {
    const open = await list({ site_id: site, status: 'open' });
    expect(open.data.map((a) => a.id)).toEqual([ids[0]]);
    expect(open.counts).toEqual({ open: 1, acknowledged: 1 });
    expect((await list({ site_id: site, status: 'resolved' })).data.map((a) => a.id)).toEqual([ids[2]]);
  });

  it('filters by type and severity', async () => {
    expect((await list({ site_id: site, type: 'limit_exceeded', severity: 'critical' })).data).toHaveLength(3);
    const none = await list({ site_id: site, severity: 'warning' });
    expect(none).toEqual({ data: [], counts: { open: 0, acknowledged: 0 } });
    expect((await list({ site_id: site, type: 'super_emitter' })).data).toEqual([]);
  });

  it('lists newest first by default, or open first', async () => {
    expect((await list({ site_id: site })).data.map((a) => a.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect((await list({ site_id: site, order: 'open_first' })).data.map((a) => a.id)).toEqual([ids[0], ids[1], ids[2]]);
  });

  it('pages through either order by cursor, each alert once and in order, with no cursor after the last page', async () => {
    for (const [order, expected] of [
      ['newest', [ids[2], ids[1], ids[0]]],
      ['open_first', [ids[0], ids[1], ids[2]]],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 3; page++) {
        const listed = await list({ site_id: site, order, limit: 1, ...(cursor ? { cursor } : {}) });
        seen.push(...listed.data.map((a) => a.id));
        expect(listed.counts).toEqual({ open: 1, acknowledged: 1 });
        cursor = listed.next_cursor;
        if (page < 2) expect(cursor).toEqual(expect.any(String));
      }
      expect(seen).toEqual(expected);
      expect(cursor).toBeUndefined();
    }
    const twoOfThree = await list({ site_id: site, limit: 2 });
    expect((await list({ site_id: site, limit: 2, cursor: twoOfThree.next_cursor })).data.map((a) => a.id)).toEqual([ids[0]]);
  });

  it('refuses a cursor of the other order, or one this API did not issue', async () => {
    const { next_cursor } = await list({ site_id: site, limit: 1 });
    for (const cursor of [next_cursor, 'not-a-cursor', Buffer.from('{"order":"newest"}').toString('base64url')]) {
      await expect(rpc.call(AlertingPatterns.listAlerts, { site_id: site, order: 'open_first', cursor })).rejects.toMatchObject({
        code: 'validation_failed',
        detail: expect.stringMatching(/^cursor: /),
      });
    }
  });

  it('refuses unknown filter values', async () => {
    await expect(rpc.call(AlertingPatterns.listAlerts, { status: 'closed' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(rpc.call(AlertingPatterns.listAlerts, { severity: 'low' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
