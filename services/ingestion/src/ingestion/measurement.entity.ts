import { Check, Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Site } from '../sites/site.entity';

/**
 * One stored reading. Its natural key (site, time, sensor) is the primary key: a reading is stored once.
 * The table is range-partitioned by month (migration …010000); written and read by `MeasurementsRepository`.
 */
@Entity({ tableName: 'measurements' })
@Check({ name: 'measurements_value_check1', expression: 'value >= 0' })
export class Measurement {
  @ManyToOne(() => Site, {
    primary: true,
    fieldName: 'site_id',
    ref: true,
    foreignKeyName: 'measurements_site_id_fkey1',
    updateRule: 'no action',
    deleteRule: 'no action',
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
}
