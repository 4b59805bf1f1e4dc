import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Site } from './site.entity';

/** Per-site, per-UTC-hour rollup of the last 31 days' readings, kept by the ingest transaction, for the metrics' windows (ADR-7). */
@Entity({ tableName: 'site_hourly_totals' })
export class SiteHourlyTotal {
  @ManyToOne(() => Site, {
    primary: true,
    fieldName: 'site_id',
    ref: true,
    foreignKeyName: 'site_hourly_totals_site_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  site!: Ref<Site>;

  @PrimaryKey({ type: 'timestamptz' })
  hour!: Date;

  @Property({ type: 'decimal', precision: 30, scale: 6 })
  total!: string;

  @Property({ type: 'bigint' })
  readingCount!: string;
}
