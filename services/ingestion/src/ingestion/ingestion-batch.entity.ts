import { Entity, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * The idempotency ledger: one row per (site, client, key), claimed first in the ingest transaction.
 * `response` is the exact 201 body, replayed for retries by the same client with the same key and payload.
 */
@Entity({ tableName: 'ingestion_batches' })
@Unique({ name: 'ingestion_batches_site_client_key', properties: ['siteId', 'clientId', 'idempotencyKey'] })
export class IngestionBatch {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  siteId!: string;

  /** Who sent the batch: `operator` or `device:<key id>`; one client never sees another's response. */
  @Property({ type: 'text' })
  clientId!: string;

  @Property({ type: 'text' })
  idempotencyKey!: string;

  /** True when a v1 client sent no key and the key is the payload's SHA-256. */
  @Property({ type: 'boolean' })
  keyDerived!: boolean;

  @Property({ type: 'text' })
  payloadFingerprint!: string;

  @Property({ type: 'smallint' })
  apiVersion!: number;

  @Property({ type: 'text', nullable: true })
  requestId?: string;

  @Property({ type: 'smallint', nullable: true })
  statusCode?: number;

  @Property({ type: 'json', nullable: true })
  response?: Record<string, unknown>;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
