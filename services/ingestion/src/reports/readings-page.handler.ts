import { FeatureError } from '@emissions/service-kit';
import type { ReadingsPage, ReadingsPageQuery } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, type SqlFragment, sql } from '../database/sql-fragment';
import { type After, decodeCursor, encodeCursor } from './readings-cursor';
import { READINGS_KEY_ORDER, readingsRangeCondition } from './readings-range.sql';

type ReadingRow = {
  measured_at: string;
  sensor_id: string;
  mass_kg: string;
  rate_kg_h: string | null;
  duration_s: number | null;
  batch_id: string;
};

/**
 * One keyset page of a site's readings in [from, to), oldest first: the (site, time, sensor) primary key
 * orders and seeks, so every page costs the same however deep the export is, and memory holds one page.
 */
@Injectable()
export class ReadingsPageHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: ReadingsPageQuery): Promise<ReadingsPage> {
    const em = this.em.fork();
    const after = q.cursor === null ? null : decodeCursor(q.cursor);
    const rows = await query<ReadingRow>(em, readingsPageStatement(q, after));
    // An empty page is a 404 when the site does not exist, with or without a cursor (one copied to another site's URL).
    if (rows.length === 0 && (await query(em, sql`SELECT 1 FROM sites WHERE id = ${q.id}::uuid`)).length === 0) {
      throw new FeatureError('site_not_found', `No site with id ${q.id}.`);
    }
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      data: page,
      next_cursor: rows.length > q.limit && last ? encodeCursor({ t: last.measured_at, s: last.sensor_id }) : null,
    };
  }
}

/** The statement of one page: one row more than asked, to know whether another page follows. */
export function readingsPageStatement(q: ReadingsPageQuery, after: After | null): SqlFragment {
  return sql`SELECT iso_utc(m.measured_at) AS measured_at, m.sensor_id, trim_scale(m.value)::text AS mass_kg,
      trim_scale(m.rate_kg_h)::text AS rate_kg_h, m.duration_s, m.batch_id
    FROM measurements m
    WHERE ${readingsRangeCondition(q, after)}
    ${READINGS_KEY_ORDER} LIMIT ${q.limit + 1}`;
}
