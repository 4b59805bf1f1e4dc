import { Check, Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Site } from '../sites/site.entity';

/**
 * A device key of one site. Only the SHA-256 of the whole key and its public prefix are stored, never the
 * key; a revoked key stays listed with its `revokedAt`. Read and written by `DeviceKeyRepository`.
 */
@Entity({ tableName: 'api_keys' })
@Index({ name: 'api_keys_site_created', expression: 'CREATE INDEX api_keys_site_created ON api_keys (site_id, created_at DESC, id DESC)' })
@Check({ name: 'api_keys_prefix_check', expression: `prefix ~ '^[a-z0-9]{8}$'` })
@Check({ name: 'api_keys_secret_sha256_check', expression: 'octet_length(secret_sha256) = 32' })
@Check({ name: 'api_keys_label_check', expression: 'length(label) >= 1 AND length(label) <= 120' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Site, {
    fieldName: 'site_id',
    ref: true,
    foreignKeyName: 'api_keys_site_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  site!: Ref<Site>;

  /** The only kind so far; the check constraint (`api_keys_kind_check`) is how MikroORM spells an enum. */
  @Enum({ items: ['device'], defaultRaw: `'device'` })
  kind: 'device' & Opt = 'device';

  /** 8 characters [a-z0-9], unique: the one indexed lookup of a presented key. */
  @Property({ type: 'text', unique: 'api_keys_prefix_key' })
  prefix!: string;

  @Property({ type: 'blob' })
  secretSha256!: Buffer;

  @Property({ type: 'text', nullable: true })
  label?: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
