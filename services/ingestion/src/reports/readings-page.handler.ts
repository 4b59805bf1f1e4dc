import { FeatureError } from '@emissions/service-kit';
import type { ReadingsPage, ReadingsPageQuery } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, type SqlFragment, sql } from '../database/sql-fragment';

type ReadingRow = {
  measured_at: string;
  sensor_id: string;
  mass_kg: string;
  rate_kg_h: string | null;
  duration_s: number | null;
  batch_id: string;
};
export type After = { t: string; s: string };

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
    if (rows.length === 0 && after === null && (await query(em, sql`SELECT 1 FROM sites WHERE id = ${q.id}::uuid`)).length === 0) {
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

/**
 * The statement of one page. The seek is a row comparison over the whole primary key, which a btree starts
 * from directly ("cursor IS NULL OR (…) > (…)" in one statement would scan each page from the start of the
 * range), and ORDER BY names the table's columns: a bare `measured_at` is the text output column, which no
 * index orders, so each page would sort the whole range.
 */
export function readingsPageStatement(q: ReadingsPageQuery, after: After | null): SqlFragment {
  const seek =
    after === null ? sql`` : sql`AND (m.site_id, m.measured_at, m.sensor_id) > (${q.id}::uuid, ${after.t}::timestamptz, ${after.s}::text)`;
  return sql`SELECT iso_utc(m.measured_at) AS measured_at, m.sensor_id, trim_scale(m.value)::text AS mass_kg,
      trim_scale(m.rate_kg_h)::text AS rate_kg_h, m.duration_s, m.batch_id
    FROM measurements m
    WHERE m.site_id = ${q.id}::uuid AND m.measured_at >= coalesce(${q.from}::timestamptz, '-infinity')
      AND m.measured_at < coalesce(${q.to}::timestamptz, 'infinity')
      ${seek}
    ORDER BY m.site_id, m.measured_at, m.sensor_id LIMIT ${q.limit + 1}`;
}

function encodeCursor(after: After): string {
  return Buffer.from(JSON.stringify(after), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): After {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      parsed &&
      typeof parsed === 'object' &&
      't' in parsed &&
      's' in parsed &&
      typeof parsed.t === 'string' &&
      typeof parsed.s === 'string'
    ) {
      if (!Number.isNaN(Date.parse(parsed.t))) return { t: parsed.t, s: parsed.s };
    }
  } catch {
    // fall through to the validation error
  }
  throw new FeatureError('validation_failed', 'cursor: is not a cursor this API issued');
}
