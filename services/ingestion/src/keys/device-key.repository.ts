import { FeatureError, preparedStatement } from '@emissions/service-kit';
import type { DeviceKey } from '@emissions/contracts';
import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

type DeviceKeyRow = { id: string; site_id: string; prefix: string; label: string | null; created_at: Date; revoked_at: Date | null };
export type NewDeviceKeyRow = { id: string; siteId: string; prefix: string; sha256: Buffer; label: string | null };
export type StoredDigest = { id: string; site_id: string; secret_sha256: Buffer; revoked: boolean };

const COLUMNS = 'k.id, k.site_id, k.prefix, k.label, k.created_at, k.revoked_at';

/** All SQL of the api_keys table, and the one place its constraint violations become feature errors. */
@Injectable()
export class DeviceKeyRepository {
  constructor(private readonly em: EntityManager) {}

  /** The stored key, or null when its prefix is already taken (the caller draws another). */
  async insert(key: NewDeviceKeyRow): Promise<DeviceKey | null> {
    try {
      const [row] = await this.em.fork().execute<DeviceKeyRow[]>(
        `INSERT INTO api_keys AS k (id, site_id, prefix, secret_sha256, label) VALUES (?, ?, ?, decode(?, 'hex'), ?)
         ON CONFLICT (prefix) DO NOTHING RETURNING ${COLUMNS}`,
        [key.id, key.siteId, key.prefix, key.sha256.toString('hex'), key.label],
      );
      return row ? toDeviceKey(row) : null;
    } catch (err) {
      if (err instanceof ForeignKeyConstraintViolationException) throw siteNotFound(key.siteId);
      throw err;
    }
  }

  /** A site's keys, newest first, read together with the site in one snapshot. */
  async listBySite(siteId: string): Promise<DeviceKey[]> {
    const rows = await this.em.fork().execute<(DeviceKeyRow | { id: null })[]>(
      `SELECT ${COLUMNS} FROM sites s LEFT JOIN api_keys k ON k.site_id = s.id
       WHERE s.id = ? ORDER BY k.created_at DESC, k.id DESC`,
      [siteId],
    );
    if (rows.length === 0) throw siteNotFound(siteId);
    return rows.filter((row): row is DeviceKeyRow => row.id !== null).map(toDeviceKey);
  }

  /** Idempotent: an already revoked key keeps its first `revoked_at` (a concurrent revoke waits and keeps it too). */
  async revoke(siteId: string, keyId: string): Promise<DeviceKey> {
    const [row] = await this.em
      .fork()
      .execute<DeviceKeyRow[]>(
        `UPDATE api_keys AS k SET revoked_at = coalesce(k.revoked_at, now()) WHERE k.id = ? AND k.site_id = ? RETURNING ${COLUMNS}`,
        [keyId, siteId],
      );
    if (!row) throw new FeatureError('api_key_not_found', `Site ${siteId} has no API key with id ${keyId}.`);
    return toDeviceKey(row);
  }

  /** One lookup on the unique prefix index; reads only. Prepared: every device request runs it before anything else. */
  async findDigestByPrefix(prefix: string): Promise<StoredDigest | null> {
    const [row] = await preparedStatement<StoredDigest>(
      this.em,
      'SELECT id, site_id, secret_sha256, (revoked_at IS NOT NULL) AS revoked FROM api_keys WHERE prefix = ?',
      [prefix],
    );
    return row ?? null;
  }
}

function siteNotFound(siteId: string): FeatureError {
  return new FeatureError('site_not_found', `No site with id ${siteId}.`);
}

function toDeviceKey(row: DeviceKeyRow): DeviceKey {
  return {
    id: row.id,
    site_id: row.site_id,
    kind: 'device',
    prefix: row.prefix,
    label: row.label,
    created_at: new Date(row.created_at).toISOString(),
    revoked_at: row.revoked_at === null ? null : new Date(row.revoked_at).toISOString(),
  };
}
