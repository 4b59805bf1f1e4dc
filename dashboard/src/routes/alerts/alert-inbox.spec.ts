import type { Alert, AlertDetail, AlertList } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertFilters } from '$lib/api/alert-endpoints';
import { ApiProblemError } from '$lib/api/api-errors';
import { AlertInbox, type AlertInboxApi } from './alert-inbox.svelte';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';

function newAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: '0b7a3c1e-8d3b-4c43-9d0e-2b1f6b7a9c0a',
    site_id: SITE,
    type: 'limit_exceeded',
    severity: 'critical',
    status: 'open',
    resolution: null,
    total_at_trigger: '110',
    emission_limit: '100',
    triggered_at: '2026-12-01T10:00:00.000Z',
    event_id: 'e1',
    ...overrides,
  };
}

/** An in-memory API with the server's lifecycle rule, recording the filters it was asked for. */
function fakeAlertsApi(alerts: Alert[]) {
  const store = new Map(alerts.map((a) => [a.id, { ...a }]));
  const asked: AlertFilters[] = [];
  const detail = (a: Alert): AlertDetail => ({ ...a, history: [{ at: a.triggered_at, by: 'system', action: 'raised', note: null }] });
  const api: AlertInboxApi = {
    listAlertInbox: async (filters): Promise<AlertList> => {
      asked.push(filters);
      const data = [...store.values()].filter((a) => !filters.status || a.status === filters.status);
      const all = [...store.values()];
      return {
        data,
        counts: {
          open: all.filter((a) => a.status === 'open').length,
          acknowledged: all.filter((a) => a.status === 'acknowledged').length,
        },
      };
    },
    getAlert: async (id) => detail(store.get(id) as Alert),
    acknowledgeAlert: async (id) => {
      const a = store.get(id) as Alert;
      if (a.status !== 'open') throw new ApiProblemError(409, 'alert_state_conflict', 'Conflict', 'The alert is resolved.', [], null, null);
      a.status = 'acknowledged';
      return detail(a);
    },
    resolveAlert: async (id, resolution) => {
      const a = store.get(id) as Alert;
      Object.assign(a, { status: 'resolved', resolution });
      return detail(a);
    },
  };
  return { api, store, asked };
}

describe('the alerts inbox', () => {
  it('loads the alerts with the open and acknowledged counts', async () => {
    const { api } = fakeAlertsApi([newAlert(), newAlert({ id: '0b7a3c1e-8d3b-4c43-9d0e-2b1f6b7a9c0b', status: 'acknowledged' })]);
    const inbox = new AlertInbox(api);
    await inbox.load();
    expect(inbox.alerts).toHaveLength(2);
    expect(inbox.counts).toEqual({ open: 1, acknowledged: 1 });
  });

  it('acknowledges with a note, then resolves as a false alarm, updating the row and the counts', async () => {
    const { api, store } = fakeAlertsApi([newAlert()]);
    const inbox = new AlertInbox(api);
    await inbox.load();
    const id = newAlert().id;
    inbox.startAction(id, 'acknowledge');
    inbox.note = '  crew on site  ';
    await inbox.submit();
    expect(inbox.alerts?.[0].status).toBe('acknowledged');
    expect(inbox.acting).toBeNull();
    inbox.startAction(id, 'resolve');
    inbox.resolution = 'false_alarm';
    await inbox.submit();
    expect(store.get(id)).toMatchObject({ status: 'resolved', resolution: 'false_alarm' });
    await inbox.load();
    expect(inbox.counts).toEqual({ open: 0, acknowledged: 0 });
  });

  it('explains a refused move (someone else moved the alert) and keeps the form open', async () => {
    const { api, store } = fakeAlertsApi([newAlert()]);
    const inbox = new AlertInbox(api);
    await inbox.load();
    const id = newAlert().id;
    (store.get(id) as Alert).status = 'resolved';
    inbox.startAction(id, 'acknowledge');
    await inbox.submit();
    expect(inbox.actionError).toMatch(/^Someone else has already moved this alert\. The alert is resolved\./);
    expect(inbox.acting).toEqual({ id, move: 'acknowledge' });
  });

  it('asks the API with the chosen filters and forgets a filter set back to any', async () => {
    const { api, asked } = fakeAlertsApi([newAlert()]);
    const inbox = new AlertInbox(api);
    inbox.setFilter('status', 'resolved');
    inbox.setFilter('site_id', SITE);
    inbox.setFilter('status', '');
    await inbox.load();
    expect(asked.at(-1)).toEqual({ site_id: SITE });
    expect(asked[0]).toEqual({ status: 'resolved' });
  });

  it('opens and closes an alert history', async () => {
    const { api } = fakeAlertsApi([newAlert()]);
    const inbox = new AlertInbox(api);
    await inbox.toggleHistory(newAlert().id);
    expect(inbox.histories[newAlert().id].history.map((e) => e.action)).toEqual(['raised']);
    await inbox.toggleHistory(newAlert().id);
    expect(inbox.histories).toEqual({});
  });
});
