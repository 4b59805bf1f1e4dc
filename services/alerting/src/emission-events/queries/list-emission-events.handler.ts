import type { EmissionEvent, EmissionEventList, ListEmissionEventsCommand } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { decodeKeysetCursor, encodeKeysetCursor, isMicros, isUuid } from '../../database/keyset-cursor';
import { microsOf } from '../../database/micros-of';
import { isoOfMicros, MAX_GAP_US } from '../emission-event.rule';

type EventRow = Omit<EmissionEvent, 'started_at' | 'ended_at'> & { started_us: string; ended_us: string };

/** Where a page of events stopped: the last event's start (whole microseconds) and id. */
type EventsAfter = { started_us: string; id: string };

function decodeEventsCursor(cursor: string): EventsAfter {
  return decodeKeysetCursor(cursor, (k) => (isMicros(k.started_us) && isUuid(k.id) ? { started_us: k.started_us, id: k.id } : null));
}

/**
 * A site's emission events, newest first (those that started in `started`, for a report's period), a page at a time by
 * keyset cursor on the `emission_events_site_newest` index. `open` is decided at read time: the sensor's latest rate reading
 * is the event's last (so nothing below the threshold has ended it) and its interval ended less than 3600 s
 * ago, i.e. a reading arriving now could still continue the event.
 */
@Injectable()
export class ListEmissionEventsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: ListEmissionEventsCommand): Promise<EmissionEventList> {
    const after = query.cursor === undefined ? null : decodeEventsCursor(query.cursor);
    const rows = await this.em.fork().execute<EventRow[]>(
      `SELECT e.id, e.site_id, e.sensor_id, e.kind, ${microsOf('e.started_at')} AS started_us, ${microsOf('e.ended_at')} AS ended_us,
         trim_scale(e.peak_rate_kg_h)::text AS peak_rate_kg_h, trim_scale(e.mass_kg)::text AS mass_kg, e.readings,
         (e.ended_at + make_interval(secs => ?) > now() AND NOT EXISTS (
           SELECT FROM alerting.rate_readings r
           WHERE r.site_id = e.site_id AND r.sensor_id = e.sensor_id AND r.measured_at > e.last_measured_at)) AS open
       FROM alerting.emission_events e WHERE e.site_id = ?::uuid
         AND e.started_at >= coalesce(?::timestamptz, '-infinity') AND e.started_at < coalesce(?::timestamptz, 'infinity')
         AND (?::bigint IS NULL OR (e.started_at, e.id) < ('epoch'::timestamptz + ?::bigint * interval '1 microsecond', ?::uuid))
       ORDER BY e.started_at DESC, e.id DESC LIMIT ?`,
      [
        MAX_GAP_US / 1_000_000,
        query.site_id,
        query.started?.from ?? null,
        query.started?.before ?? null,
        after?.started_us ?? null,
        after?.started_us ?? null,
        after?.id ?? null,
        query.limit + 1,
      ],
      'all',
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      data: page.map(({ started_us, ended_us, ...e }) => ({
        ...e,
        started_at: isoOfMicros(Number(started_us)),
        ended_at: isoOfMicros(Number(ended_us)),
      })),
      ...(rows.length > query.limit && last
        ? { next_cursor: encodeKeysetCursor({ started_us: last.started_us, id: last.id } satisfies EventsAfter) }
        : {}),
    };
  }
}
