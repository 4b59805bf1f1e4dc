import { arrayLiteral } from '@emissions/service-kit';
import type { NormalizedReading } from '@emissions/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { preparedStatement } from '../database/prepared-statement';
import { type SqlFragment, sql } from '../database/sql-fragment';

/** What a batch stored: count, exact sum (decimal text) and time range of its accepted readings. */
export type AcceptedReadings = { n: number; total: string; first: string | null; last: string | null };

/**
 * All SQL of the `measurements` table (partitioned by month, natural key as primary key: ADR-2, ADR-28).
 * Fragments run inside the caller's statement; queries take the caller's (transactional) entity manager.
 */
@Injectable()
export class MeasurementsRepository {
  /**
   * CTE body `inserted`: inserts the readings (distinct keys) in one multi-row statement, in primary-key
   * order so overlapping batches lock keys in the same order (no deadlock), for the site in `target`. A key
   * already stored is skipped, never overwritten; one stored by a transaction in flight is waited for.
   * A rate reading's rate and interval go in the same row (NULL for a mass): still one statement.
   * Returns what was inserted (t, s, v).
   */
  insertNew(siteId: string, batchId: string, readings: readonly NormalizedReading[]): SqlFragment {
    return sql`INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id, rate_kg_h, duration_s)
      SELECT ${siteId}::uuid, r.t, r.s, r.v, ${batchId}::uuid, r.rate, r.d
      FROM unnest(${timesOf(readings)}::timestamptz[], ${arrayLiteral(readings.map((r) => r.sensor_id))}::text[],
                  ${arrayLiteral(readings.map((r) => r.value))}::numeric[], ${arrayLiteral(readings.map((r) => r.rate_kg_h ?? null))}::numeric[],
                  ${arrayLiteral(readings.map((r) => (r.duration_s === undefined ? null : String(r.duration_s))))}::integer[]) AS r(t, s, v, rate, d)
      WHERE EXISTS (SELECT FROM target)
      ORDER BY r.t, r.s
      ON CONFLICT DO NOTHING
      RETURNING measured_at AS t, sensor_id AS s, value AS v`;
  }

  /** CTE body `accepted(n, total, first, last)` over the `inserted` CTE. */
  acceptedFromInsert(): SqlFragment {
    return sql`SELECT count(*) AS n, coalesce(sum(v), 0) AS total, min(t) AS first, max(t) AS last FROM inserted`;
  }

  /** CTE body `accepted(n, total, first, last)` from figures an earlier statement returned. */
  acceptedFrom(accepted: AcceptedReadings): SqlFragment {
    return sql`SELECT ${accepted.n}::bigint AS n, ${accepted.total}::numeric AS total,
      ${accepted.first}::timestamptz AS first, ${accepted.last}::timestamptz AS last`;
  }

  /** Select-list expression: the `accepted` figures as JSON (`AcceptedReadings`). */
  acceptedJson(): SqlFragment {
    return sql`(SELECT json_build_object('n', n, 'total', trim_scale(total)::text, 'first', first, 'last', last) FROM accepted)`;
  }

  /**
   * The stored value of each given reading's key, by index into `readings`, except keys this batch stored
   * itself. A new statement has a fresh snapshot: it sees readings another batch committed while the insert
   * waited for it. A key with no stored row cannot be (readings are never deleted), so the caller retries.
   */
  async storedByOthers(em: EntityManager, siteId: string, batchId: string, readings: readonly NormalizedReading[]) {
    if (readings.length === 0) return { stored: new Map<number, string>(), found: 0 };
    const rows = await preparedStatement<{ i: number; stored: string; ours: boolean }>(
      em,
      storedReadingsStatement(siteId, batchId, readings),
    );
    const stored = new Map<number, string>();
    for (const row of rows) if (!row.ours) stored.set(row.i, row.stored);
    return { stored, found: rows.length };
  }
}

/**
 * The statement of `storedByOthers`. Bounded by the batch's time span (to the millisecond, widened by one at each
 * end), so it reads only the monthly partitions the batch falls in, not every reading of the site.
 */
export function storedReadingsStatement(siteId: string, batchId: string, readings: readonly NormalizedReading[]): SqlFragment {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of readings) {
    const at = Date.parse(r.measured_at);
    if (at < first) first = at;
    if (at > last) last = at;
  }
  return sql`SELECT (r.i - 1)::int AS i, trim_scale(m.value)::text AS stored, m.batch_id = ${batchId}::uuid AS ours
    FROM unnest(${timesOf(readings)}::timestamptz[], ${arrayLiteral(readings.map((r) => r.sensor_id))}::text[]) WITH ORDINALITY AS r(t, s, i)
    JOIN measurements m ON m.site_id = ${siteId}::uuid AND m.measured_at = r.t AND m.sensor_id = r.s
      AND m.measured_at BETWEEN ${new Date(first - 1).toISOString()}::timestamptz AND ${new Date(last + 1).toISOString()}::timestamptz`;
}

function timesOf(readings: readonly NormalizedReading[]): string {
  return arrayLiteral(readings.map((r) => r.measured_at));
}
