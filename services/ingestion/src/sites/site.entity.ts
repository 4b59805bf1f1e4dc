import { Check, Entity, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * A site and its running summary; the summary columns change only inside the ingest transaction. Read and
 * written through `SitesRepository`.
 */
@Entity({ tableName: 'sites' })
@Unique({ name: 'sites_name_unique', expression: 'CREATE UNIQUE INDEX sites_name_unique ON sites (lower(name))' })
@Check({ name: 'sites_name_check', expression: 'length(name) >= 1 AND length(name) <= 120' })
@Check({ name: 'sites_emission_limit_check', expression: 'emission_limit > 0' })
@Check({ name: 'sites_total_emissions_check', expression: 'total_emissions >= 0' })
@Check({ name: 'sites_annual_limit_check', expression: 'annual_limit > 0' })
@Check({
  name: 'sites_reporting_year_start_month_check',
  expression: 'reporting_year_start_month >= 1 AND reporting_year_start_month <= 12',
})
@Check({ name: 'sites_near_limit_pct_check', expression: 'near_limit_pct >= 1 AND near_limit_pct <= 100' })
@Check({ name: 'sites_super_emitter_kg_h_check', expression: 'super_emitter_kg_h > 0' })
export class Site {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Unique regardless of case (the `lower(name)` index). */
  @Property({ type: 'text' })
  name!: string;

  /** Decimal string, kg of CH4 (NUMERIC(19,6)). */
  @Property({ type: 'decimal', precision: 19, scale: 6 })
  emissionLimit!: string;

  @Property({ type: 'json', defaultRaw: `'{}'::jsonb` })
  metadata: Record<string, unknown> & Opt = {};

  @Property({ type: 'decimal', precision: 30, scale: 6, defaultRaw: '0' })
  totalEmissions: string & Opt = '0';

  @Property({ type: 'bigint', defaultRaw: '0' })
  measurementCount: string & Opt = '0';

  @Property({ type: 'bigint', defaultRaw: '0' })
  batchCount: string & Opt = '0';

  @Property({ type: 'datetime', nullable: true })
  firstMeasuredAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  lastMeasuredAt?: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();

  /** IANA zone in which months, days and reporting years are taken; fixed once the site has readings. */
  @Property({ type: 'text', defaultRaw: `'UTC'` })
  timezone: string & Opt = 'UTC';

  @Property({ type: 'decimal', precision: 19, scale: 6, nullable: true })
  annualLimit?: string;

  @Property({ type: 'smallint', defaultRaw: '1' })
  reportingYearStartMonth: number & Opt = 1;

  @Property({ type: 'decimal', precision: 5, scale: 2, defaultRaw: '80' })
  nearLimitPct: string & Opt = '80';

  @Property({ type: 'decimal', precision: 19, scale: 6, defaultRaw: '100' })
  superEmitterKgH: string & Opt = '100';

  @Property({ type: 'datetime', nullable: true })
  archivedAt?: Date;

  /** How many times the emission limit changed: each revision is a new crossing for alerting. */
  @Property({ type: 'integer', defaultRaw: '0' })
  limitRevision: number & Opt = 0;
}
