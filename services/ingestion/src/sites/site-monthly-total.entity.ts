import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Per-site, per-UTC-month rollup kept by the ingest transaction, so metrics never scan raw readings. */
@Entity({ tableName: 'site_monthly_totals' })
export class SiteMonthlyTotal {
  @PrimaryKey({ type: 'uuid' })
  siteId!: string;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @Property({ type: 'decimal', precision: 30, scale: 6 })
  total!: string;

  @Property({ type: 'bigint' })
  readingCount!: string;
}
