import { raw, type SqlFragment, sql } from '../database/sql-fragment';

/**
 * LATERAL body `p(start_local, end_local, start_at, end_at, today_local)`: the reporting year of site `s`
 * that starts in `year` (or the current one when `year` is null), in the site's zone. Local midnight of
 * the start month converted with the zone's offset on that date, so DST and the zone's history count.
 */
export function reportingPeriod(year: number | null, site = 's'): SqlFragment {
  const s = raw(site);
  return sql`SELECT y.start_local, y.start_local + interval '1 year' AS end_local,
      y.start_local AT TIME ZONE ${s}.timezone AS start_at, (y.start_local + interval '1 year') AT TIME ZONE ${s}.timezone AS end_at,
      (now() AT TIME ZONE ${s}.timezone)::date AS today_local
    FROM (SELECT make_timestamp(coalesce(${year}::int, extract(year FROM now() AT TIME ZONE ${s}.timezone)::int
        - CASE WHEN extract(month FROM now() AT TIME ZONE ${s}.timezone) < ${s}.reporting_year_start_month THEN 1 ELSE 0 END),
        ${s}.reporting_year_start_month, 1, 0, 0, 0) AS start_local) y`;
}

/** Rollup months (local calendar months) that make up period `p`: whole months, so the sum is exact. */
export function periodMonths(site = 's'): SqlFragment {
  return sql`site_monthly_totals mt WHERE mt.site_id = ${raw(site)}.id AND mt.month >= p.start_local::date AND mt.month < p.end_local::date`;
}
