import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** A site and its running summary; the summary columns change only inside the ingest transaction. */
@Entity({ tableName: 'sites' })
export class Site {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  /** Decimal string, kg of CH4 (NUMERIC(19,6)). */
  @Property({ type: 'decimal', precision: 19, scale: 6 })
  emissionLimit!: string;

  @Property({ type: 'json' })
  metadata: Record<string, unknown> & Opt = {};

  @Property({ type: 'decimal', precision: 30, scale: 6 })
  totalEmissions: string & Opt = '0';

  @Property({ type: 'bigint' })
  measurementCount: string & Opt = '0';

  @Property({ type: 'bigint' })
  batchCount: string & Opt = '0';

  @Property({ type: 'datetime', nullable: true })
  firstMeasuredAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  lastMeasuredAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  updatedAt: Date & Opt = new Date();
}
