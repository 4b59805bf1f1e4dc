import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { RELAY_ENV, type RelayEnv } from '../config/env';

/**
 * Position of the sweep: every row published before it (in `published_at`, `id` order) has been looked at. The time
 * is PostgreSQL's own text, so its microseconds survive the round trip (a JS Date keeps milliseconds).
 */
export type SweepCursor = { publishedAt: string; id: string };

export type SweepResult = {
  /** Rows looked at in this chunk. */
  scanned: number;
  /** Ids of the rows sent back to the relay: published, older than the grace, and not in the alerting inbox. */
  requeued: string[];
  /** Where the next chunk starts; unchanged when nothing was scanned. */
  cursor: SweepCursor | undefined;
};

/**
 * The one place where the outbox (schema `public`, the ingestion service's) meets the alerting inbox
 * (`alerting.processed_events`): finds events the relay published that alerting never recorded, and marks them
 * unpublished again so the relay's normal loop sends them once more (in a job of the sweep that claims them; if
 * an earlier job of theirs is still held by Redis after all, the inbox drops the second delivery).
 */
@Injectable()
export class UnprocessedEventRepository implements OnApplicationShutdown {
  private readonly logger = new Logger(UnprocessedEventRepository.name);
  private readonly pool: Pool;

  constructor(@Inject(RELAY_ENV) env: RelayEnv) {
    // Its own small pool: a slow sweep never takes a connection the publishing loop needs.
    this.pool = new Pool({ connectionString: env.DATABASE_URL, max: 1, application_name: 'relay-reconciler' });
    this.pool.on('error', (err) => this.logger.warn(`idle database connection lost: ${err.message}`));
  }

  /**
   * Looks at the next `limit` rows published after `cursor` (or, without one, in the last `lookbackS` seconds)
   * and at least `graceS` seconds ago, and requeues those of `eventTypes` that have no inbox row. One statement,
   * so the check and the requeue see the same snapshot; NOTIFY wakes the relay at commit.
   */
  async sweep(options: { cursor: SweepCursor | undefined; lookbackS: number; graceS: number; limit: number; eventTypes: string[] }) {
    const { cursor, lookbackS, graceS, limit, eventTypes } = options;
    const { rows } = await this.pool.query<{ scanned: number; through_at: string | null; through_id: string | null; requeued: string[] }>(
      `WITH chunk AS (
         SELECT aggregate_id, id, event_type, published_at FROM outbox_events
          WHERE published_at IS NOT NULL
            AND published_at < now() - make_interval(secs => $3)
            AND (published_at, id) > (coalesce($1::timestamptz, now() - make_interval(secs => $2)), coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'))
          ORDER BY published_at, id
          LIMIT $5),
       missing AS (
         SELECT c.aggregate_id, c.id FROM chunk c
          WHERE c.event_type = ANY($6::text[])
            AND NOT EXISTS (SELECT 1 FROM alerting.processed_events p WHERE p.site_id = c.aggregate_id AND p.event_id = c.id::text)),
       requeued AS (
         UPDATE outbox_events o SET published_at = NULL, last_error = 'requeued: published but never processed'
           FROM missing m
          WHERE o.aggregate_id = m.aggregate_id AND o.id = m.id AND o.published_at IS NOT NULL
         RETURNING o.id),
       last AS (SELECT published_at, id FROM chunk ORDER BY published_at DESC, id DESC LIMIT 1)
       SELECT (SELECT count(*) FROM chunk)::int AS scanned,
              (SELECT published_at::text FROM last) AS through_at, (SELECT id::text FROM last) AS through_id,
              coalesce((SELECT array_agg(id::text) FROM requeued), '{}') AS requeued,
              CASE WHEN EXISTS (SELECT 1 FROM requeued) THEN pg_notify('outbox_events', '') END AS notified`,
      [cursor?.publishedAt ?? null, lookbackS, graceS, cursor?.id ?? null, limit, eventTypes],
    );
    const row = rows[0];
    const next = row.through_at && row.through_id ? { publishedAt: row.through_at, id: row.through_id } : cursor;
    return { scanned: row.scanned, requeued: row.requeued, cursor: next } satisfies SweepResult;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
