import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Alerting's own copy of a rate reading it was sent (ADR-23); written and read by `EmissionEventsRepository`. */
@Entity({ tableName: 'rate_readings', schema: 'alerting' })
export class RateReading {
  @PrimaryKey({ type: 'uuid' })
  siteId!: string;

  @PrimaryKey({ type: 'text' })
  sensorId!: string;

  @PrimaryKey({ type: 'Date', columnType: 'timestamptz' })
  measuredAt!: Date;

  @Property({ type: 'integer' })
  durationS!: number;

  @Property({ type: 'decimal' })
  rateKgH!: string;

  @Property({ type: 'decimal' })
  massKg!: string;

  /** The site's super-emitter threshold when the reading's batch committed: what the reading is judged by. */
  @Property({ type: 'decimal' })
  thresholdKgH!: string;

  /** The batch.ingested event that carried it. */
  @Property({ type: 'text' })
  eventId!: string;
}
