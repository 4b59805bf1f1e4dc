import { arrayLiteral } from '@emissions/service-kit';
import type { SiteSensorsQuery } from '@emissions/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, type SqlFragment, sql } from '../database/sql-fragment';

/** One sensor's share of one local month of a batch's accepted readings, for the per-sensor rollup. */
export type SensorMonthShare = { sensor_id: string; month: string; total: string; n: number; first: string; last: string };

/** A breakdown row as the statement returns it (counts as text: bigint). */
export type SensorBreakdownRow = {
  found: boolean;
  timezone: string | null;
  start: string | null;
  end: string | null;
  total: string;
  readings: string;
  sensor_count: string;
  data: Array<{
    sensor_id: string;
    total_kg: string;
    readings: number;
    first_measured_at: string;
    last_measured_at: string;
    share_pct: string | null;
  }>;
};

/**
 * All SQL of `sensor_monthly_totals` (ADR-14): the per-sensor rollup the ingest statement adds to, and the
 * breakdown read from it. Fragments run inside the caller's statement.
 */
@Injectable()
export class SensorTotalsRepository {
  /**
   * CTE body `sensor_months(sensor_id, month, total, n, first, last)` over the `inserted` CTE (t, s, v): only
   * readings this statement inserted, so a duplicate or replay adds nothing. `monthOf` is the site's one rule.
   */
  sensorMonthsFromInsert(monthOf: (timestamp: SqlFragment) => SqlFragment): SqlFragment {
    return sql`SELECT s AS sensor_id, ${monthOf(sql`t`)} AS month, sum(v) AS total, count(*) AS n, min(t) AS first, max(t) AS last
      FROM inserted GROUP BY 1, 2`;
  }

  /** CTE body `sensor_months(...)` from figures an earlier statement of the same transaction returned. */
  sensorMonthsFrom(shares: readonly SensorMonthShare[]): SqlFragment {
    return sql`SELECT * FROM unnest(${arrayLiteral(shares.map((m) => m.sensor_id))}::text[], ${arrayLiteral(shares.map((m) => m.month))}::date[],
      ${arrayLiteral(shares.map((m) => m.total))}::numeric[], ${arrayLiteral(shares.map((m) => String(m.n)))}::bigint[],
      ${arrayLiteral(shares.map((m) => m.first))}::timestamptz[], ${arrayLiteral(shares.map((m) => m.last))}::timestamptz[])
      AS m(sensor_id, month, total, n, first, last)`;
  }

  /**
   * Select-list expression: the `sensor_months` figures as JSON (`SensorMonthShare[]`), only when the `site` CTE
   * did not apply the batch (a later statement then adds them). A batch usually applies in one statement, and
   * building up to 100 objects it would throw away cost PostgreSQL CPU on every batch.
   */
  sensorMonthsJsonUnlessApplied(): SqlFragment {
    // The aggregate sits in its own subquery in the ELSE branch: PostgreSQL runs it only when that branch is taken.
    return sql`CASE WHEN EXISTS (SELECT FROM site) THEN '[]'::json ELSE (SELECT coalesce(json_agg(json_build_object('sensor_id', sensor_id,
      'month', month, 'total', trim_scale(total)::text, 'n', n, 'first', first, 'last', last)), '[]') FROM sensor_months) END`;
  }

  /**
   * CTE body `sensor_rollup`: one multi-row upsert of `sensor_months`, only when the `site` CTE updated the
   * site's summary (the batch is applied). It reads `site`, so it runs once the site row is locked: every
   * batch of a site takes the site row first, then these rows in key order, and cannot deadlock on them.
   */
  addSensorMonths(siteId: string): SqlFragment {
    return sql`INSERT INTO sensor_monthly_totals AS st (site_id, month, sensor_id, total, reading_count, first_measured_at, last_measured_at)
      SELECT ${siteId}::uuid, month, sensor_id, total, n, first, last FROM sensor_months WHERE EXISTS (SELECT FROM site)
      ORDER BY month, sensor_id
      ON CONFLICT (site_id, month, sensor_id) DO UPDATE SET total = st.total + excluded.total,
        reading_count = st.reading_count + excluded.reading_count,
        first_measured_at = LEAST(st.first_measured_at, excluded.first_measured_at),
        last_measured_at = GREATEST(st.last_measured_at, excluded.last_measured_at)`;
  }

  /**
   * A site's sensors over local months [from, to), largest total first, in one statement over rollup rows
   * only (the primary key's range `site, month`): sensors × months rows, however many readings.
   * `found` is false for an unknown site.
   */
  async breakdown(em: EntityManager, q: SiteSensorsQuery): Promise<SensorBreakdownRow> {
    const from = q.from === null ? null : `${q.from}-01`;
    const to = q.to === null ? null : `${q.to}-01`;
    const [row] = await query<SensorBreakdownRow>(
      em,
      sql`WITH s AS (SELECT id, timezone FROM sites WHERE id = ${q.id}::uuid),
        per_sensor AS (
          SELECT st.sensor_id, sum(st.total) AS total, sum(st.reading_count) AS n,
            min(st.first_measured_at) AS first, max(st.last_measured_at) AS last
          FROM sensor_monthly_totals st
          WHERE st.site_id = ${q.id}::uuid AND st.month >= coalesce(${from}::date, '-infinity') AND st.month < coalesce(${to}::date, 'infinity')
          GROUP BY st.sensor_id),
        whole AS (SELECT coalesce(sum(total), 0) AS total, coalesce(sum(n), 0) AS n, count(*) AS sensors FROM per_sensor),
        listed AS (SELECT * FROM per_sensor ORDER BY total DESC, sensor_id LIMIT ${q.limit})
      SELECT EXISTS (SELECT FROM s) AS found, (SELECT timezone FROM s) AS timezone,
        iso_utc(${from}::timestamp AT TIME ZONE (SELECT timezone FROM s)) AS start,
        iso_utc(${to}::timestamp AT TIME ZONE (SELECT timezone FROM s)) AS "end",
        trim_scale(r.total)::text AS total, r.n::text AS readings, r.sensors::text AS sensor_count,
        (SELECT coalesce(json_agg(json_build_object('sensor_id', l.sensor_id, 'total_kg', trim_scale(l.total)::text, 'readings', l.n,
            'first_measured_at', iso_utc(l.first), 'last_measured_at', iso_utc(l.last),
            'share_pct', CASE WHEN r.total > 0 THEN round(l.total / r.total * 100, 2)::text END) ORDER BY l.total DESC, l.sensor_id), '[]'::json)
          FROM listed l) AS data
      FROM whole r`,
    );
    return row;
  }
}
