import type { IngestResponse } from '@emissions/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, type SqlFragment, sql } from '../database/sql-fragment';

/** Where a key lives: the ledger is scoped per site and client (ADR-26). */
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
 * All SQL of the idempotency ledger (`ingestion_batches`, ADR-1). A key is claimed by inserting its row,
 * in the same transaction as everything the batch writes; the unique (site, client, key) index decides
 * between concurrent requests. Fragments run inside the caller's statement.
 */
@Injectable()
export class IngestLedger {
  /** CTE body `stored`: the key's batch as the statement's snapshot sees it (committed before it began). */
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
   * CTE body `claim`: claims the key for the site in `target`, with the 201 body when the `site` CTE applied
   * the batch (else the body is stored later by `storeResponse`). Returns a row only when this batch owns the
   * key: a concurrent claim of it waits on the unique index until the other transaction ends, then yields.
   */
  claim(batch: NewBatch, base: ResponseBase): SqlFragment {
    return sql`INSERT INTO ingestion_batches AS b (id, site_id, client_id, idempotency_key, key_derived, payload_fingerprint, api_version,
        request_id, status_code, response)
      SELECT ${batch.batchId}::uuid, target.id, ${batch.clientId}, ${batch.key}, ${batch.keyDerived}, ${batch.fingerprint}, ${batch.apiVersion},
        ${batch.requestId}, CASE WHEN site.total_after IS NOT NULL THEN 201 END,
        CASE WHEN site.total_after IS NOT NULL THEN ${this.responseOf(base)} END
      FROM target LEFT JOIN site ON true
      ON CONFLICT (site_id, client_id, idempotency_key) DO NOTHING
      RETURNING b.response`;
  }

  /** CTE body `ledger`: stores the 201 body on the row this transaction claimed (a previous statement). */
  storeResponse(batch: NewBatch, base: ResponseBase): SqlFragment {
    return sql`UPDATE ingestion_batches b SET status_code = 201, response = ${this.responseOf(base)}
      FROM site WHERE b.site_id = ${batch.siteId}::uuid AND b.id = ${batch.batchId}::uuid
      RETURNING b.response`;
  }

  /**
   * The 201 body: the base completed from `site` (the summary increment's RETURNING), so the total is the
   * site's total right after this batch, and compliance the contract's rule: exceeded exactly when
   * total > limit.
   */
  private responseOf(base: ResponseBase): SqlFragment {
    return sql`${JSON.stringify(base)}::jsonb || jsonb_build_object('total_emissions_to_date', site.total_after,
      'compliance_status', CASE WHEN site.exceeded THEN 'Limit Exceeded' ELSE 'Within Limit' END)`;
  }
}
