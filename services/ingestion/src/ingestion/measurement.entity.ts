import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** One stored reading. Its natural key (site, time, sensor) is the primary key: a reading is stored once. */
@Entity({ tableName: 'measurements' })
export class Measurement {
  @PrimaryKey({ type: 'uuid' })
  siteId!: string;

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
