import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** Inbox row: the event with this id has been handled (its effects committed with this row). */
@Entity({ tableName: 'processed_events', schema: 'alerting' })
export class ProcessedEvent {
  @PrimaryKey({ type: 'uuid' })
  siteId!: string;

  @PrimaryKey({ type: 'text' })
  eventId!: string;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  processedAt: Date & Opt = new Date();
}
