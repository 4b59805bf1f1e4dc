import { createHash } from 'node:crypto';
import { DEVICE_KEY_PATTERN, type DeviceKey } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import type { DeviceKeyRepository, NewDeviceKeyRow } from '../device-key.repository';
import { CreateDeviceKeyHandler } from './create-device-key.handler';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';

/** Stands in for the table: the first `taken` inserts find their prefix already used. */
function fakeRepository(taken: number) {
  const inserted: NewDeviceKeyRow[] = [];
  const repository = {
    async insert(row: NewDeviceKeyRow): Promise<DeviceKey | null> {
      inserted.push(row);
      if (inserted.length <= taken) return null;
      const { id, siteId, prefix, label } = row;
      return { id, site_id: siteId, kind: 'device', prefix, label, created_at: '2026-11-27T10:00:00.000Z', revoked_at: null };
    },
  };
  return { repository: repository as unknown as DeviceKeyRepository, inserted };
}

describe('CreateDeviceKeyHandler', () => {
  it('draws a new key when the prefix is taken, and hands out the one that was stored', async () => {
    const { repository, inserted } = fakeRepository(2);
    const created = await new CreateDeviceKeyHandler(repository).execute({ site_id: SITE, label: 'pump' });
    expect(inserted).toHaveLength(3);
    expect(new Set(inserted.map((r) => r.prefix)).size).toBe(3);
    const stored = inserted[2];
    expect(created).toMatchObject({ id: stored.id, prefix: stored.prefix, label: 'pump' });
    expect(DEVICE_KEY_PATTERN.exec(created.key)?.[1]).toBe(stored.prefix);
    expect(stored.sha256.equals(createHash('sha256').update(created.key).digest())).toBe(true);
  });

  it('gives up after five taken prefixes instead of looping', async () => {
    const { repository, inserted } = fakeRepository(Number.POSITIVE_INFINITY);
    await expect(new CreateDeviceKeyHandler(repository).execute({ site_id: SITE, label: null })).rejects.toThrow(
      /no free device key prefix/,
    );
    expect(inserted).toHaveLength(5);
  });
});
