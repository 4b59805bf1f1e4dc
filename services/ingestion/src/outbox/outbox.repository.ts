import type { BatchIngestedV1, SiteSettingsChangedV1 } from '@emissions/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, type SqlFragment, sql } from '../database/sql-fragment';

/** The event without the figures only the site row knows at the moment of the increment. */
export type BatchIngestedBase = Omit<
  BatchIngestedV1,
  | 'accepted_sum'
  | 'total_before'
  | 'total_after'
  | 'emission_limit'
  | 'limit_revision'
  | 'super_emitter_kg_h'
  | 'near_limit_pct'
  | 'annual_limit'
>;

/** Channel the relay LISTENs on; a notification is delivered at commit, only if the transaction commits. */
const OUTBOX_CHANNEL = 'outbox_events';

/**
 * The ingestion side of `outbox_events`: events are appended in the transaction of the change that caused
 * them (the relay, a separate process, claims and marks them).
 */
@Injectable()
export class OutboxRepository {
  /** CTE body `event`: appends the batch.ingested event, completed with the totals of the `site` CTE. */
  appendBatchIngested(event: BatchIngestedBase): SqlFragment {
    return sql`INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload)
      SELECT ${event.event_id}::uuid, 'site', ${event.site_id}::uuid, ${event.type}, ${JSON.stringify(event)}::jsonb || jsonb_build_object(
        'accepted_sum', site.accepted_sum, 'total_before', site.total_before, 'total_after', site.total_after,
        'emission_limit', site.emission_limit, 'limit_revision', site.limit_revision, 'super_emitter_kg_h', site.super_emitter_kg_h,
        'near_limit_pct', site.near_limit_pct, 'annual_limit', site.annual_limit)
      FROM site
      RETURNING id`;
  }

  /** Select-list expression: wakes the relay at commit when `event` appended a row. */
  wakeRelay(): SqlFragment {
    return sql`(SELECT count(pg_notify(${OUTBOX_CHANNEL}, '')) FROM event)`;
  }

  /** Appends a settings change's event inside the caller's transaction; the relay is woken at commit. */
  async appendSettingsChanged(em: EntityManager, event: SiteSettingsChangedV1): Promise<void> {
    await query(
      em,
      sql`INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload)
        VALUES (${event.event_id}::uuid, 'site', ${event.site_id}::uuid, ${event.type}, ${JSON.stringify(event)}::jsonb)`,
    );
    await query(em, sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`);
  }

  async pendingCount(em: EntityManager): Promise<number> {
    const [row] = await query<{ pending: string }>(em, sql`SELECT count(*)::text AS pending FROM outbox_events WHERE published_at IS NULL`);
    return Number(row.pending);
  }
}
