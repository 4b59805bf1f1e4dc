import { Entity, ManyToOne, type Opt, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Site } from './site.entity';

/**
 * One field of one settings change: who, when, old and new value. Append-only (triggers refuse UPDATE,
 * DELETE and TRUNCATE); one PATCH writes one row per changed field under one `changeId`.
 */
@Entity({ tableName: 'site_changes' })
export class SiteChange {
  @ManyToOne(() => Site, {
    primary: true,
    fieldName: 'site_id',
    ref: true,
    foreignKeyName: 'site_changes_site_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  site!: Ref<Site>;

  @PrimaryKey({ type: 'bigint', generated: 'identity', autoincrement: true })
  seq!: string & Opt;

  @Property({ type: 'uuid' })
  changeId!: string;

  @Property({ type: 'datetime', defaultRaw: 'clock_timestamp()' })
  changedAt: Date & Opt = new Date();

  @Property({ type: 'text' })
  changedBy!: string;

  @Property({ type: 'text' })
  field!: string;

  @Property({ type: 'json', nullable: true })
  oldValue?: unknown;

  @Property({ type: 'json', nullable: true })
  newValue?: unknown;
}
