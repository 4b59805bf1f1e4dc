import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** A derived emission event (rewritten whenever its window is derived again); written by `EmissionEventsRepository`. */
@Entity({ tableName: 'emission_events', schema: 'alerting' })
export class EmissionEvent {
  @PrimaryKey({ type: 'uuid' })
  siteId!: string;

  /** A function of site, sensor and start (`emissionEventId`). */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  sensorId!: string;

  @Property({ type: 'text' })
  kind: 'super_emitter' & Opt = 'super_emitter';

  @Property({ type: 'Date', columnType: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  endedAt!: Date;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  lastMeasuredAt!: Date;

  @Property({ type: 'decimal' })
  peakRateKgH!: string;

  @Property({ type: 'decimal' })
  massKg!: string;

  @Property({ type: 'integer' })
  readings!: number;
}
