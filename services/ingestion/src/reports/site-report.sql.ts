import { type SqlFragment, sql } from '../database/sql-fragment';
import { gwpSetJoin, tonnesCo2e } from '../sites/gwp';
import { periodMonths, reportingPeriod } from '../sites/reporting-period.sql';

/**
 * The report figures of the reporting year starting in `year`, one row per site matching `which`. Site and
 * fleet reports run this same statement, so a fleet row is the site's report. Masses come from the
 * local-month rollup (whole months make a period; the rollup equals the readings, checked after every
 * test), and so do days with data: each month row carries its local days as bits, counted here. The annual limit
 * and status are those of the limit in force when the period ended (from the append-only change log), so a past
 * year keeps the limit it was reported against when the limit changes later.
 */
export function siteReportFigures(year: number, gwp: string | undefined, which: SqlFragment, withMonths: boolean): SqlFragment {
  const monthly = withMonths
    ? sql`(SELECT coalesce(json_agg(json_build_object('month', to_char(mon, 'YYYY-MM'), 'ch4_kg', trim_scale(coalesce(mt.total, 0))::text,
          'co2e_t', ${tonnesCo2e(sql`coalesce(mt.total, 0)`)}, 'readings', coalesce(mt.reading_count, 0)) ORDER BY mon), '[]'::json)
        FROM generate_series(p.start_local, p.end_local - interval '1 month', interval '1 month') mon
        LEFT JOIN site_monthly_totals mt ON mt.site_id = s.id AND mt.month = mon::date)`
    : sql`NULL::json`;
  return sql`
  SELECT s.id AS site_id, s.name, iso_utc(p.start_at) AS start, iso_utc(p.end_at) AS end, s.timezone,
    trim_scale(pt.total)::text AS ch4_kg, trim_scale(pt.total * 0.001)::text AS ch4_t, ${tonnesCo2e(sql`pt.total`)} AS co2e_t,
    g.name AS gwp_set, trim_scale(g.factor)::text AS gwp_factor, trim_scale(lim.annual_limit)::text AS annual_limit,
    CASE WHEN lim.annual_limit IS NULL THEN NULL WHEN pt.total > lim.annual_limit THEN 'Limit Exceeded' ELSE 'Within Limit' END AS status,
    pt.n::int AS readings, pt.days::int AS days_with_data,
    (p.end_local::date - p.start_local::date) AS days_in_period,
    ${monthly} AS monthly
  FROM sites s
  CROSS JOIN LATERAL (${reportingPeriod(year)}) p
  CROSS JOIN LATERAL (SELECT coalesce(sum(mt.total), 0) AS total, coalesce(sum(mt.reading_count), 0) AS n,
    coalesce(sum(bit_count(mt.days::bit(32))), 0) AS days FROM ${periodMonths()}) pt
  -- the annual limit in force when the period ended: the value the first change at or after its end replaced, else today's
  CROSS JOIN LATERAL (SELECT CASE WHEN later.seq IS NULL THEN s.annual_limit ELSE (later.old_value #>> '{}')::numeric END AS annual_limit
    FROM (SELECT) one LEFT JOIN LATERAL (SELECT c.seq, c.old_value FROM site_changes c
      WHERE c.site_id = s.id AND c.field = 'annual_limit' AND c.changed_at >= p.end_at ORDER BY c.seq LIMIT 1) later ON true) lim
  ${gwpSetJoin(gwp)}
  WHERE ${which}
  ORDER BY lower(s.name)`;
}

export type SiteReportRow = {
  site_id: string;
  name: string;
  start: string;
  end: string;
  timezone: string;
  ch4_kg: string;
  ch4_t: string;
  co2e_t: string;
  gwp_set: string | null;
  gwp_factor: string;
  annual_limit: string | null;
  status: 'Within Limit' | 'Limit Exceeded' | null;
  readings: number;
  days_with_data: number;
  days_in_period: number;
  monthly: Array<{ month: string; ch4_kg: string; co2e_t: string; readings: number }> | null;
};
