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
}
