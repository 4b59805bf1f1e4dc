import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An event committed with the change that caused it, keyed by its aggregate (the site) first; the relay
 * publishes it in `seq` order, then stamps published_at. Appended by `OutboxRepository`.
 */
@Entity({ tableName: 'outbox_events' })
@Index({
  name: 'outbox_events_unpublished',
  expression: 'CREATE INDEX outbox_events_unpublished ON outbox_events (seq) WHERE published_at IS NULL',
})
@Index({
  name: 'outbox_events_published_at',
  expression: 'CREATE INDEX outbox_events_published_at ON outbox_events (published_at) WHERE published_at IS NOT NULL',
})
export class OutboxEvent {
  @PrimaryKey({ type: 'uuid' })
  aggregateId!: string;

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Commit order for the relay's claims (an identity, never written by the application). */
  @Property({ type: 'bigint', generated: 'identity', autoincrement: true })
  seq!: string & Opt;

  @Property({ type: 'text' })
  aggregateType!: string;

  @Property({ type: 'text' })
  eventType!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date;

  @Property({ type: 'integer', defaultRaw: '0' })
  attempts: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string;
}
