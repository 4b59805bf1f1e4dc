import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A device key of one site. Only the SHA-256 of the whole key and its public prefix are stored, never the
 * key; a revoked key stays listed with its `revokedAt`. Read and written by `DeviceKeyRepository`.
 */
@Entity({ tableName: 'api_keys' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  siteId!: string;

  @Property({ type: 'text' })
  kind: 'device' & Opt = 'device';

  /** 8 characters [a-z0-9], unique: the one indexed lookup of a presented key. */
  @Property({ type: 'text', unique: 'api_keys_prefix_key' })
  prefix!: string;

  @Property({ type: 'blob' })
  secretSha256!: Buffer;

  @Property({ type: 'text', nullable: true })
  label?: string;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
