import type { CreatedDeviceKey, DeviceKey } from '@emissions/contracts';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { ApiProblemError } from '$lib/api/api-errors';
import DeviceKeysPanelView from './DeviceKeysPanel.svelte';
import { DeviceKeysPanel, type DeviceKeysApi } from './device-keys.svelte';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
const SECRET = `emk_ab12cd34_${'A'.repeat(43)}`;

function newDeviceKey(overrides: Partial<DeviceKey> = {}): DeviceKey {
  return {
    id: '0b7a3c1e-8d3b-4c43-9d0e-2b1f6b7a9c0a',
    site_id: SITE,
    kind: 'device',
    prefix: 'ab12cd34',
    label: null,
    created_at: '2026-01-01T00:00:00Z',
    revoked_at: null,
    ...overrides,
  };
}

/** An in-memory stand-in for the three key endpoints. */
function fakeKeysApi(initial: DeviceKey[] = []) {
  const keys = [...initial];
  const created: CreatedDeviceKey[] = [];
  const api: DeviceKeysApi = {
    listDeviceKeys: async () => [...keys],
    createDeviceKey: async (_siteId, body) => {
      const key = {
        ...newDeviceKey({ id: `0b7a3c1e-8d3b-4c43-9d0e-2b1f6b7a9c${10 + created.length}`, label: body.label ?? null }),
        key: SECRET,
      };
      created.push(key);
      return key;
    },
    revokeDeviceKey: async (_siteId, keyId) => {
      const found = keys.find((k) => k.id === keyId) ?? created.find((k) => k.id === keyId);
      if (!found) throw new ApiProblemError(404, 'api_key_not_found', 'API key not found', 'No such key', [], null, null);
      const { key: _secret, ...listed } = found as CreatedDeviceKey;
      return { ...listed, revoked_at: '2026-01-02T00:00:00Z' };
    },
  };
  return { api, created };
}

describe('DeviceKeysPanel', () => {
  it('lists the keys of the site', async () => {
    const panel = new DeviceKeysPanel(SITE, fakeKeysApi([newDeviceKey({ label: 'north tower' })]).api);
    await panel.load();
    expect(panel.keys).toEqual([expect.objectContaining({ prefix: 'ab12cd34', label: 'north tower' })]);
  });

  it('shows the secret of a new key once, lists the key without it, and forgets it when dismissed', async () => {
    const panel = new DeviceKeysPanel(SITE, fakeKeysApi().api);
    await panel.load();
    panel.label = '  flare stack 3 ';
    await panel.create();
    expect(panel.created?.key).toBe(SECRET);
    expect(panel.created?.label).toBe('flare stack 3');
    expect(panel.label).toBe('');
    expect(panel.keys).toHaveLength(1);
    expect(JSON.stringify(panel.keys)).not.toContain(SECRET);
    panel.dismissSecret();
    expect(panel.created).toBeNull();
  });

  it('creates a key without a label when none is given, and refuses an over-long one', async () => {
    const { api, created } = fakeKeysApi();
    const panel = new DeviceKeysPanel(SITE, api);
    await panel.create();
    expect(created[0]?.label).toBeNull();
    panel.label = 'x'.repeat(121);
    await panel.create();
    expect(panel.labelError).toBe('must be at most 120 characters');
    expect(created).toHaveLength(1);
  });

  it('revokes only after confirmation and marks the key revoked', async () => {
    const key = newDeviceKey();
    const panel = new DeviceKeysPanel(SITE, fakeKeysApi([key]).api);
    await panel.load();
    panel.askRevoke(key.id);
    expect(panel.confirmingRevoke).toBe(key.id);
    panel.cancelRevoke();
    expect(panel.confirmingRevoke).toBeNull();
    expect(panel.keys?.[0]?.revoked_at).toBeNull();

    panel.askRevoke(key.id);
    await panel.revoke(key.id);
    expect(panel.keys?.[0]?.revoked_at).toBe('2026-01-02T00:00:00Z');
    expect(panel.confirmingRevoke).toBeNull();
  });

  it('drops the shown secret when that very key is revoked', async () => {
    const panel = new DeviceKeysPanel(SITE, fakeKeysApi().api);
    await panel.create();
    const id = panel.created?.id ?? '';
    await panel.revoke(id);
    expect(panel.created).toBeNull();
  });

  it('says why a revocation failed and keeps the list as it was', async () => {
    const panel = new DeviceKeysPanel(SITE, fakeKeysApi([newDeviceKey()]).api);
    await panel.load();
    await panel.revoke('0b7a3c1e-8d3b-4c43-9d0e-2b1f6b7a9cff');
    expect(panel.revokeError).toBe('No such key');
    expect(panel.keys?.[0]?.revoked_at).toBeNull();
  });

  it('reports a failed list without throwing', async () => {
    const api = fakeKeysApi().api;
    const panel = new DeviceKeysPanel(SITE, {
      ...api,
      listDeviceKeys: async () => {
        throw new ApiProblemError(403, 'forbidden', 'Not allowed for this credential', 'Operators only.', [], null, null);
      },
    });
    await panel.load();
    expect(panel.loadError).toBe('Not allowed: Operators only.');
    expect(panel.keys).toBeNull();
  });
});

describe('DeviceKeysPanel view', () => {
  it('shows a new secret once with a copy button, and offers Revoke only on active keys', async () => {
    const revoked = newDeviceKey({ id: '0b7a3c1e-8d3b-4c43-9d0e-2b1f6b7a9c0b', prefix: 'zz99yy88', revoked_at: '2026-01-02T00:00:00Z' });
    const panel = new DeviceKeysPanel(SITE, fakeKeysApi([revoked]).api);
    await panel.load();
    await panel.create();
    const { body } = render(DeviceKeysPanelView, { props: { panel } });
    expect(body).toContain('shown once — store it now');
    expect(body).toContain(`value="${SECRET}"`);
    expect(body).toMatch(/<button[^>]*>Copy<\/button>/);
    expect(body.match(/>Revoke<\/button>/g)).toHaveLength(1);
    expect(body).toContain('emk_zz99yy88_…');
  });

  it('shows no secret once it is dismissed', async () => {
    const panel = new DeviceKeysPanel(SITE, fakeKeysApi().api);
    await panel.create();
    panel.dismissSecret();
    expect(render(DeviceKeysPanelView, { props: { panel } }).body).not.toContain(SECRET);
  });
});
