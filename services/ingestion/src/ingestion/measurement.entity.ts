import { Check, Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Site } from '../sites/site.entity';

/**
 * One stored reading. Its natural key (site, time, sensor) is the primary key: a reading is stored once.
 * The table is range-partitioned by month (migration …010000); written and read by `MeasurementsRepository`.
 */
@Entity({ tableName: 'measurements' })
@Check({ name: 'measurements_value_check1', expression: 'value >= 0' })
@Check({ name: 'measurements_rate_check', expression: 'rate_kg_h >= 0 AND rate_kg_h = round(rate_kg_h, 6)' })
@Check({ name: 'measurements_duration_check', expression: 'duration_s >= 1 AND duration_s <= 86400' })
@Check({ name: 'measurements_rate_with_duration', expression: '(rate_kg_h IS NULL) = (duration_s IS NULL)' })
export class Measurement {
  @ManyToOne(() => Site, {
    primary: true,
    fieldName: 'site_id',
    ref: true,
    // Checked per insert statement by a trigger, not by a key (migration …03110000_readings_site_guard).
    createForeignKeyConstraint: false,
  })
  site!: Ref<Site>;

  @PrimaryKey({ type: 'datetime' })
  measuredAt!: Date;

  @PrimaryKey({ type: 'text' })
  sensorId!: string;

  /** kg of CH4, NUMERIC(16,6), as a decimal string. */
  @Property({ type: 'decimal', precision: 16, scale: 6 })
  value!: string;

  @Property({ type: 'uuid' })
  batchId!: string;

  /** A rate reading's rate in kg/h (6 fractional digits; `value` is its mass over the interval); null for a mass. */
  @Property({ type: 'decimal', nullable: true })
  rateKgH?: string | null;

  /** A rate reading's interval in seconds (1..86400); null for a mass. */
  @Property({ type: 'integer', nullable: true })
  durationS?: number | null;
}
