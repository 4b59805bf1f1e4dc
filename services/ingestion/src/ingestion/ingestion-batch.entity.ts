import { Check, Entity, ManyToOne, type Opt, PrimaryKey, Property, type Ref, Unique } from '@mikro-orm/core';
import { Site } from '../sites/site.entity';

/**
 * The idempotency ledger: one row per (site, client, key), claimed first in the ingest transaction.
 * `response` is the exact 201 body, replayed for retries by the same client with the same key and payload.
 * Written and read by `IngestLedger`.
 */
@Entity({ tableName: 'ingestion_batches' })
@Unique({ name: 'ingestion_batches_site_client_key', properties: ['site', 'clientId', 'idempotencyKey'] })
@Check({ name: 'ingestion_batches_client_id_check', expression: `client_id ~ '^(operator|device:[0-9a-f-]{36})$'` })
export class IngestionBatch {
  @ManyToOne(() => Site, {
    primary: true,
    fieldName: 'site_id',
    ref: true,
    foreignKeyName: 'ingestion_batches_site_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  site!: Ref<Site>;

  @PrimaryKey({ type: 'uuid' })
  id!: string;

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

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}
