import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Pool, type PoolClient, type QueryResult } from 'pg';
import { RELAY_ENV, type RelayEnv } from '../config/env';

/** An unpublished outbox row as the relay sees it; `payload` is the BatchIngestedV1 JSON. */
export type PendingOutboxEvent = { id: string; siteId: string; seq: string; eventType: string; payload: unknown; createdAt: Date };

type PendingRow = { id: string; aggregate_id: string; seq: string; event_type: string; payload: unknown; created_at: Date };

/**
 * Claims up to `limit` unpublished rows, oldest first, skipping rows another relay holds, and marks them published:
 * the mark commits only with the transaction that held the rows while their jobs were added.
 */
export function claimStatement(limit: number): string {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`claim limit must be a positive integer, got ${limit}`);
  return `UPDATE outbox_events o SET published_at = now(), attempts = o.attempts + 1, last_error = NULL
    FROM (SELECT aggregate_id, id FROM outbox_events WHERE published_at IS NULL ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED) c
    WHERE o.aggregate_id = c.aggregate_id AND o.id = c.id
    RETURNING o.id, o.aggregate_id, o.seq::text AS seq, o.event_type, o.payload, o.created_at`;
}

/**
 * Query object over the ingestion service's `outbox_events` table. The relay only claims, marks and
 * prunes rows; it never writes events, so plain SQL over a small pool is all it needs.
 */
@Injectable()
export class OutboxEventRepository implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxEventRepository.name);
  private readonly pool: Pool;

  constructor(@Inject(RELAY_ENV) env: RelayEnv) {
    this.pool = new Pool({ connectionString: env.DATABASE_URL, max: env.DB_POOL_MAX, application_name: 'relay' });
    // An idle client losing its server emits here; without a listener that would crash the process.
    this.pool.on('error', (err) => this.logger.warn(`idle database connection lost: ${err.message}`));
  }

  /**
   * Claims and marks up to `limit` unpublished rows (`claimStatement`), runs `publish` while the row locks are
   * held, then commits. If `publish` or the commit fails, the transaction rolls back and the rows stay pending:
   * they will be sent again.
   */
  async publishClaimed(limit: number, publish: (events: PendingOutboxEvent[]) => Promise<void>): Promise<number> {
    const client = await this.pool.connect();
    let broken = false;
    // A session killed while this client is checked out (pg_terminate_backend, failover) is emitted as an
    // 'error' event; unheard, it would crash the process. The query in flight rejects on its own.
    const onError = (err: Error) => {
      broken = true;
      this.logger.warn(`database connection lost during a claim: ${err.message}`);
    };
    client.on('error', onError);
    try {
      // BEGIN and the claim in one round trip (two statements in one simple query; the limit is a checked integer,
      // never input). The claim marks the rows in the same statement; a failed publish rolls the mark back with it.
      const [, claim] = (await client.query(`BEGIN; ${claimStatement(limit)}`)) as unknown as [QueryResult, QueryResult<PendingRow>];
      const rows = claim.rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      await publish(
        rows.map((r) => ({
          id: r.id,
          siteId: r.aggregate_id,
          seq: r.seq,
          eventType: r.event_type,
          payload: r.payload,
          createdAt: r.created_at,
        })),
      );
      await client.query('COMMIT');
      return rows.length;
    } catch (err) {
      broken = broken || (await rollback(client));
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Records a failed publish on the rows that were claimed; best effort (the database may be down too). */
  async recordFailure(events: Array<Pick<PendingOutboxEvent, 'id' | 'siteId'>>, error: string): Promise<void> {
    if (events.length === 0) return;
    await this.pool.query(
      `UPDATE outbox_events SET attempts = attempts + 1, last_error = $3
        WHERE (aggregate_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [events.map((e) => e.siteId), events.map((e) => e.id), error.slice(0, 1000)],
    );
  }

  /** Deletes published rows older than the retention, in bounded chunks so no statement runs long. */
  async prunePublished(retentionHours: number, chunk = 5000): Promise<number> {
    let total = 0;
    for (let round = 0; round < 100; round++) {
      const res = await this.pool.query(
        `DELETE FROM outbox_events WHERE (aggregate_id, id) IN (
           SELECT aggregate_id, id FROM outbox_events
            WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1 * 3600)
            LIMIT $2)`,
        [retentionHours, chunk],
      );
      total += res.rowCount ?? 0;
      if ((res.rowCount ?? 0) < chunk) break;
    }
    return total;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

/** Returns true when the connection is unusable and must be discarded rather than reused. */
async function rollback(client: PoolClient): Promise<boolean> {
  try {
    await client.query('ROLLBACK');
    return false;
  } catch {
    return true;
  }
}
