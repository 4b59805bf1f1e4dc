import type { ReadingsCsvChunk, ReadingsCsvChunkQuery } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, type SqlFragment, sql } from '../database/sql-fragment';
import { FeatureError } from '../errors/feature.error';
import { type After, decodeCursor, encodeCursor } from './readings-cursor';
import { READINGS_KEY_ORDER, readingsRangeCondition } from './readings-range.sql';

type ChunkRow = { csv: string; rows: number; last_t: string | null; last_s: string | null };

/**
 * The CSV export's unit of work: the next `limit` readings after the cursor as finished CSV text, formatted
 * by PostgreSQL in the same statement that reads them. The gateway writes the text as it comes, so no row
 * becomes an object on either side and one RPC round trip carries thousands of rows.
 */
@Injectable()
export class ReadingsCsvChunkHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: ReadingsCsvChunkQuery): Promise<ReadingsCsvChunk> {
    const after = q.cursor === null ? null : decodeCursor(q.cursor);
    const { chunk, siteExists } = await this.em.fork().transactional(async (em) => {
      const chunk = await readCsvChunk(em, q, after);
      const siteExists =
        chunk.rows > 0 || after !== null || (await query(em, sql`SELECT 1 FROM sites WHERE id = ${q.id}::uuid`)).length > 0;
      return { chunk, siteExists };
    });
    if (!siteExists) throw new FeatureError('site_not_found', `No site with id ${q.id}.`);
    const next = chunk.last_t !== null && chunk.last_s !== null ? encodeCursor({ t: chunk.last_t, s: chunk.last_s }) : null;
    return { csv: chunk.csv, rows: chunk.rows, next_cursor: next };
  }
}

/** Reads one chunk on the entity manager's transaction (which must be open: the DateStyle pin is local to it). */
export async function readCsvChunk(em: EntityManager, q: ReadingsCsvChunkQuery, after: After | null): Promise<ChunkRow> {
  // Timestamps leave through their type's output function, whose layout follows DateStyle: pin it, for this transaction only.
  await em.execute("SET LOCAL datestyle TO 'ISO'");
  const [chunk] = await query<ChunkRow>(em, readingsCsvChunkStatement(q, after));
  return chunk;
}

/**
 * One statement per chunk: the keyset page in primary-key order (the index's, never a sort), each row as its
 * RFC 4180 line, joined in that order. The key of the last row comes back only when the chunk is full, the
 * one case where more may follow; a short chunk is the last.
 *
 * Fields match the JSON pages exactly: decimals are trim_scale(…)::text (never through a float), the
 * timestamp is the ISO-8601 UTC text iso_utc() gives (the timestamp's own output with DateStyle ISO: trailing
 * zeros of the fraction dropped, written without the call, which PostgreSQL cannot inline and costs ~10 µs
 * a row), and only the sensor id, free text, can need quoting.
 */
export function readingsCsvChunkStatement(q: ReadingsCsvChunkQuery, after: After | null): SqlFragment {
  return sql`SELECT coalesce(string_agg(p.line, ''), '') AS csv, count(*)::int AS rows,
      max(p.t) FILTER (WHERE p.n = ${q.limit}) AS last_t, max(p.sensor_id) FILTER (WHERE p.n = ${q.limit}) AS last_s
    FROM (
      SELECT r.t, r.sensor_id, row_number() OVER () AS n,
        r.t || ',' || CASE WHEN r.sensor_id ~ E'[",\\r\\n]' THEN '"' || replace(r.sensor_id, '"', '""') || '"' ELSE r.sensor_id END
          || ',' || trim_scale(r.value)::text || ',' || coalesce(trim_scale(r.rate_kg_h)::text, '')
          || ',' || coalesce(r.duration_s::text, '') || ',' || r.batch_id::text || E'\\r\\n' AS line
      FROM (
        SELECT replace((m.measured_at AT TIME ZONE 'UTC')::text, ' ', 'T') || 'Z' AS t, m.sensor_id, m.value, m.rate_kg_h,
          m.duration_s, m.batch_id
        FROM measurements m
        WHERE ${readingsRangeCondition(q, after)}
        ${READINGS_KEY_ORDER} LIMIT ${q.limit}
      ) r
    ) p`;
}
