import { createHash, randomUUID } from 'node:crypto';
import { type CreatedDeviceKey, DEVICE_KEY_PATTERN } from '@emissions/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceKeyRepository } from '../../src/keys/device-key.repository';
import { type IngestionTestApp, startIngestionTestApp } from '../support/ingestion-test-app';
import { expectLedgerConsistent } from '../support/ledger-invariants';

let app: IngestionTestApp;
beforeAll(async () => {
  app = await startIngestionTestApp();
});
afterEach(() => expectLedgerConsistent(app));
afterAll(() => app.close());

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const sha256Hex = (key: string) => createHash('sha256').update(key).digest('hex');
const prefixOf = (key: string) => DEVICE_KEY_PATTERN.exec(key)?.[1] ?? '';
const verify = (key: string) => app.keys.verify({ prefix: prefixOf(key), secret_sha256: sha256Hex(key) });

async function newKey(siteId: string, label: string | null = null): Promise<CreatedDeviceKey> {
  return app.keys.create({ site_id: siteId, label });
}

async function keyCount(siteId: string): Promise<number> {
  const [{ n }] = await app.sql<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE site_id = ?', [siteId]);
  return n;
}

describe('device keys', () => {
  it('creates a key shown once, in the documented format, and stores only its SHA-256 and prefix', async () => {
    const site = await app.newSite();
    const created = await newKey(site.id, 'flare stack 2');
    expect(created.key).toMatch(DEVICE_KEY_PATTERN);
    expect(created).toMatchObject({
      site_id: site.id,
      kind: 'device',
      prefix: prefixOf(created.key),
      label: 'flare stack 2',
      revoked_at: null,
    });
    expect(created.created_at).toMatch(ISO_UTC);

    const secret = created.key.slice('emk_12345678_'.length);
    const [leaks] = await app.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_keys k, jsonb_each_text(to_jsonb(k)) c
       WHERE c.value = ? OR position(? IN c.value) > 0`,
      [created.key, secret],
    );
    expect(leaks.n).toBe(0);
    const [row] = await app.sql<{ digest: string; prefix: string }>(
      `SELECT encode(secret_sha256, 'hex') AS digest, prefix FROM api_keys WHERE id = ?`,
      [created.id],
    );
    expect(row).toEqual({ digest: sha256Hex(created.key), prefix: created.prefix });
  });

  it('gives every key its own prefix and secret', async () => {
    const site = await app.newSite();
    const keys = await Promise.all(Array.from({ length: 20 }, () => newKey(site.id)));
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(20);
    expect(new Set(keys.map((k) => k.key)).size).toBe(20);
  });

  it('stores nothing and answers null when the drawn prefix is already taken, so creation draws again', async () => {
    const site = await app.newSite();
    const taken = await newKey(site.id);
    const repository = app.moduleRef.get(DeviceKeyRepository);
    const clash = await repository.insert({
      id: randomUUID(),
      siteId: site.id,
      prefix: taken.prefix,
      sha256: Buffer.alloc(32, 1),
      label: null,
    });
    expect(clash).toBeNull();
    expect(await keyCount(site.id)).toBe(1);
  });

  it('lists only the site’s keys, newest first, revoked ones included and never a secret', async () => {
    const [site, other] = [await app.newSite(), await app.newSite()];
    const first = await newKey(site.id, 'first');
    const second = await newKey(site.id);
    const third = await newKey(site.id, 'third');
    await newKey(other.id);
    await app.keys.revoke({ site_id: site.id, key_id: second.id });

    const list = await app.keys.list({ site_id: site.id });
    expect(list.data.map((k) => k.id)).toEqual([third.id, second.id, first.id]);
    expect(list.data.map((k) => Object.keys(k).sort())).toEqual(
      Array(3).fill(['created_at', 'id', 'kind', 'label', 'prefix', 'revoked_at', 'site_id']),
    );
    expect(list.data[1].revoked_at).toMatch(ISO_UTC);
    const { key: _shownOnce, ...firstAsListed } = first;
    expect(list.data[2]).toEqual(firstAsListed);
    expect(await app.keys.list({ site_id: (await app.newSite()).id })).toEqual({ data: [] });
  });

  it('answers site_not_found for creating or listing keys of an unknown site, and stores nothing', async () => {
    const missing = randomUUID();
    const created = await app.attempt(() => newKey(missing));
    const listed = await app.attempt(() => app.keys.list({ site_id: missing }));
    expect(!created.ok && created.failure.code).toBe('site_not_found');
    expect(!listed.ok && listed.failure.code).toBe('site_not_found');
    expect(await keyCount(missing)).toBe(0);
  });

  it('revokes idempotently: a repeated or concurrent revoke answers the first revoked_at', async () => {
    const site = await app.newSite();
    const key = await newKey(site.id);
    const racing = await Promise.all(Array.from({ length: 5 }, () => app.keys.revoke({ site_id: site.id, key_id: key.id })));
    expect(new Set(racing.map((k) => k.revoked_at)).size).toBe(1);
    const [first] = racing;
    expect(first).toEqual({ ...first, id: key.id, revoked_at: expect.stringMatching(ISO_UTC) });
    const again = await app.keys.revoke({ site_id: site.id, key_id: key.id });
    expect(again).toEqual(first);
  });

  it('answers api_key_not_found for a key of another site or an unknown key, and revokes nothing', async () => {
    const [site, other] = [await app.newSite(), await app.newSite()];
    const key = await newKey(site.id);
    for (const payload of [
      { site_id: other.id, key_id: key.id },
      { site_id: site.id, key_id: randomUUID() },
      { site_id: randomUUID(), key_id: key.id },
    ]) {
      const revoked = await app.attempt(() => app.keys.revoke(payload));
      expect(!revoked.ok && revoked.failure.code).toBe('api_key_not_found');
    }
    expect(await verify(key.key)).toEqual({ valid: true, key_id: key.id, site_id: site.id });
  });

  it('verifies the right key and refuses a wrong secret, an unknown prefix and a revoked key alike', async () => {
    const site = await app.newSite();
    const key = await newKey(site.id);
    expect(await verify(key.key)).toEqual({ valid: true, key_id: key.id, site_id: site.id });

    const wrongSecret = `emk_${key.prefix}_${'A'.repeat(43)}`;
    expect(await verify(wrongSecret)).toEqual({ valid: false });
    expect(await app.keys.verify({ prefix: 'zzzzzzzz', secret_sha256: sha256Hex(key.key) })).toEqual({ valid: false });

    await app.keys.revoke({ site_id: site.id, key_id: key.id });
    expect(await verify(key.key)).toEqual({ valid: false });
  });

  it('writes nothing when verifying (the row version stays the same)', async () => {
    const site = await app.newSite();
    const key = await newKey(site.id);
    const version = () => app.sql<{ xmin: string }>('SELECT xmin::text FROM api_keys WHERE id = ?', [key.id]);
    const before = await version();
    for (let i = 0; i < 3; i++) await verify(key.key);
    expect(await version()).toEqual(before);
  });

  it('refuses malformed payloads with validation_failed', async () => {
    const bad: (() => Promise<unknown>)[] = [
      () => app.keys.verify({ prefix: 'ABCDEFGH', secret_sha256: '0'.repeat(64) }),
      () => app.keys.verify({ prefix: 'abcdefgh', secret_sha256: 'F'.repeat(64) }),
      () => app.keys.create({ site_id: randomUUID(), label: '' }),
      () => app.keys.revoke({ site_id: 'not-a-uuid', key_id: randomUUID() }),
    ];
    for (const call of bad) {
      const answered = await app.attempt(call);
      expect(!answered.ok && answered.failure.code).toBe('validation_failed');
    }
  });
});
