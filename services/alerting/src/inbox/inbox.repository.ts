import { arrayLiteral, preparedStatement } from '@emissions/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** What recording one event in the inbox returns when its row is new. */
export type InboxEntry = { raisedHooks: string[] };

/**
 * All SQL of `alerting.processed_events`, the inbox: an event's row commits with its effects, so a redelivered
 * event finds it and changes nothing. Prepared statements (fixed texts): every event of the pipeline writes here.
 */
@Injectable()
export class InboxRepository {
  /**
   * The event's row, in the caller's transaction; null when the event was recorded before. The same statement
   * reads the webhook subscribers (`subscribers.sql`, whose one parameter is `subscribers.eventType`) and evaluates
   * `lockSql` (one parameter: the site id) only when the row is new, so a new event takes its site's lock first.
   */
  async record(
    em: EntityManager,
    event: { site_id: string; event_id: string },
    subscribers: { sql: string; eventType: string },
    lockSql: string | null,
  ): Promise<InboxEntry | null> {
    const rows = await preparedStatement<{ raised_hooks: string[] }>(
      em,
      `INSERT INTO alerting.processed_events (site_id, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING
       RETURNING ${subscribers.sql} AS raised_hooks${lockSql ? `, ${lockSql} AS site_locked` : ''}`,
      [event.site_id, event.event_id, subscribers.eventType, ...(lockSql ? [event.site_id] : [])],
    );
    return rows.length === 0 ? null : { raisedHooks: rows[0].raised_hooks };
  }

  /** Rows for all `events` in one statement (autocommitted when `em` holds no transaction); the ids that were new. */
  async recordAll(em: EntityManager, events: readonly { site_id: string; event_id: string }[]): Promise<Set<string>> {
    const rows = await preparedStatement<{ event_id: string }>(
      em,
      `INSERT INTO alerting.processed_events (site_id, event_id)
         SELECT * FROM unnest(?::uuid[], ?::text[]) ON CONFLICT DO NOTHING RETURNING event_id`,
      [arrayLiteral(events.map((e) => e.site_id)), arrayLiteral(events.map((e) => e.event_id))],
    );
    return new Set(rows.map((r) => r.event_id));
  }
}
