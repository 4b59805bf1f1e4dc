import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** An event committed with the change that caused it; the relay publishes it, then stamps published_at. */
@Entity({ tableName: 'outbox_events' })
export class OutboxEvent {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'bigint', persist: false })
  seq?: string;

  @Property({ type: 'text' })
  aggregateType!: string;

  @Property({ type: 'uuid' })
  aggregateId!: string;

  @Property({ type: 'text' })
  eventType!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date;

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string;
}
