import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Site } from '../sites/site.entity';

/** Per-site, per-local-month, per-sensor rollup kept by the ingest transaction (ADR-14). */
@Entity({ tableName: 'sensor_monthly_totals' })
export class SensorMonthlyTotal {
  @ManyToOne(() => Site, {
    primary: true,
    fieldName: 'site_id',
    ref: true,
    foreignKeyName: 'sensor_monthly_totals_site_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  site!: Ref<Site>;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @PrimaryKey({ type: 'text' })
  sensorId!: string;

  @Property({ type: 'decimal', precision: 30, scale: 6 })
  total!: string;

  @Property({ type: 'bigint' })
  readingCount!: string;

  @Property({ type: 'timestamptz' })
  firstMeasuredAt!: Date;

  @Property({ type: 'timestamptz' })
  lastMeasuredAt!: Date;
}
