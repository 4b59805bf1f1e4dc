import type { ReadingsPage, ReadingsPageQuery } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, sql } from '../database/sql-fragment';
import { FeatureError } from '../errors/feature.error';

type ReadingRow = {
  measured_at: string;
  sensor_id: string;
  mass_kg: string;
  rate_kg_h: string | null;
  duration_s: number | null;
  batch_id: string;
};
type After = { t: string; s: string };

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
    const rows = await query<ReadingRow>(
      em,
      sql`SELECT iso_utc(measured_at) AS measured_at, sensor_id, trim_scale(value)::text AS mass_kg, trim_scale(rate_kg_h)::text AS rate_kg_h,
          duration_s, batch_id
        FROM measurements
        WHERE site_id = ${q.id}::uuid AND measured_at >= coalesce(${q.from}::timestamptz, '-infinity') AND measured_at < coalesce(${q.to}::timestamptz, 'infinity')
          AND (${after?.t ?? null}::timestamptz IS NULL OR (measured_at, sensor_id) > (${after?.t ?? null}::timestamptz, ${after?.s ?? null}::text))
        ORDER BY measured_at, sensor_id LIMIT ${q.limit + 1}`,
    );
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
