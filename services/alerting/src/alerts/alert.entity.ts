import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export const LIMIT_EXCEEDED = 'limit_exceeded';

/** One alert per limit crossing of a site (unique on site, type and limit; see the migration). */
@Entity({ tableName: 'alerts', schema: 'alerting' })
export class Alert {
  @PrimaryKey({ type: 'uuid' })
  siteId!: string;

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  type!: typeof LIMIT_EXCEEDED;

  /** NUMERIC comes back as a string: exact, never a float. */
  @Property({ type: 'decimal', precision: 30, scale: 6 })
  totalAtTrigger!: string;

  @Property({ type: 'decimal', precision: 19, scale: 6 })
  emissionLimit!: string;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  triggeredAt!: Date;

  @Property({ type: 'text', unique: true })
  eventId!: string;

  @Property({ type: 'uuid' })
  batchId!: string;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
