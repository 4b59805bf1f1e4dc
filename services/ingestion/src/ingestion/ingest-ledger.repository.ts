import type { IngestResponse } from '@emissions/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, type SqlFragment, sql } from '../database/sql-fragment';

/** Where a key lives: the ledger is scoped per site and client (ADR-15). */
export type LedgerKey = { siteId: string; clientId: string; key: string };

export type NewBatch = LedgerKey & {
  batchId: string;
  keyDerived: boolean;
  fingerprint: string;
  apiVersion: number;
  requestId: string | null;
};

export type StoredBatch = { fingerprint: string; response: IngestResponse | null };

/** The 201 body without the two fields only the site row knows at the moment of the increment. */
export type ResponseBase = Omit<IngestResponse, 'total_emissions_to_date' | 'compliance_status'>;

/**
 * All SQL of the idempotency ledger (`ingestion_batches`). The claim is the first thing an ingest does and
 * the stored response the last, in the same transaction (ADR-1). Fragments run inside the caller's statement.
 */
@Injectable()
export class IngestLedger {
  /**
   * CTE body: claims (site, client, key) for a known site; returns a row only when this batch owns the key.
   * A concurrent claim of the same key waits on the unique index until the other transaction ends.
   */
  claim(batch: NewBatch): SqlFragment {
    return sql`INSERT INTO ingestion_batches (id, site_id, client_id, idempotency_key, key_derived, payload_fingerprint, api_version, request_id)
      SELECT ${batch.batchId}::uuid, s.id, ${batch.clientId}, ${batch.key}, ${batch.keyDerived}, ${batch.fingerprint}, ${batch.apiVersion}, ${batch.requestId}
      FROM sites s WHERE s.id = ${batch.siteId}::uuid
      ON CONFLICT (site_id, client_id, idempotency_key) DO NOTHING
      RETURNING id`;
  }

  /** CTE body: the key's batch as the statement's snapshot sees it (committed before the statement began). */
  stored(key: LedgerKey): SqlFragment {
    return sql`SELECT payload_fingerprint AS fingerprint, response FROM ingestion_batches
      WHERE site_id = ${key.siteId}::uuid AND client_id = ${key.clientId} AND idempotency_key = ${key.key}`;
  }

  /** The key's batch in a fresh snapshot: sees a concurrent first request that committed while we waited. */
  async find(em: EntityManager, key: LedgerKey): Promise<StoredBatch | null> {
    const [row] = await query<StoredBatch>(em, this.stored(key));
    return row ?? null;
  }

  /**
   * CTE body: stores the 201 body on the claimed row. Reads `site` (the summary increment's RETURNING), so
   * the stored total is the site's total right after this batch, and compliance is the contract's rule:
   * exceeded exactly when total > limit.
   */
  storeResponse(batch: NewBatch, base: ResponseBase): SqlFragment {
    return sql`UPDATE ingestion_batches b SET status_code = 201,
        response = ${JSON.stringify(base)}::jsonb || jsonb_build_object('total_emissions_to_date', site.total_after,
          'compliance_status', CASE WHEN site.exceeded THEN 'Limit Exceeded' ELSE 'Within Limit' END)
      FROM site WHERE b.site_id = ${batch.siteId}::uuid AND b.id = ${batch.batchId}::uuid
      RETURNING b.response`;
  }
}
