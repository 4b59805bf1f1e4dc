import { Check, Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Site } from './site.entity';

/** Per-site, per-month rollup kept by the ingest transaction, so metrics never scan raw readings. */
@Entity({ tableName: 'site_monthly_totals' })
@Check({ name: 'site_monthly_totals_days_check', expression: 'days >= 0' })
export class SiteMonthlyTotal {
  @ManyToOne(() => Site, {
    primary: true,
    fieldName: 'site_id',
    ref: true,
    foreignKeyName: 'site_monthly_totals_site_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  site!: Ref<Site>;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @Property({ type: 'decimal', precision: 30, scale: 6 })
  total!: string;

  @Property({ type: 'bigint' })
  readingCount!: string;

  /** The month's local days with data: bit d-1 is set once a reading fell on day d in the site's zone. */
  @Property({ type: 'integer', defaultRaw: '0' })
  days!: number;
}
