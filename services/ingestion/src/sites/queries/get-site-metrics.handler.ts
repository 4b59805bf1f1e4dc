import { FeatureError } from '@emissions/service-kit';
import type { SiteMetrics, SiteMetricsQuery } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { preparedStatement } from '../../database/prepared-statement';
import { type SqlFragment, sql } from '../../database/sql-fragment';
import { gwpSetJoin, tonnesCo2e } from '../gwp';
import { periodMonths, reportingPeriod } from '../reporting-period.sql';
import { hourOf } from '../sites.repository';

/**
 * One statement, so every figure comes from one snapshot and they agree with each other: the total
 * and counts from the summary row, months and the period from the rollup (local months of the site's
 * zone), windows from the hourly rollup and each window's partial first hour of readings, CO2e from the chosen GWP set's row.
 */
export function siteMetrics(id: string, gwp: string | undefined, partitionsFrom = windowPartitionsFrom(new Date())): SqlFragment {
  return sql`
  SELECT s.id, s.name, trim_scale(s.emission_limit)::text AS emission_limit, trim_scale(s.total_emissions)::text AS total,
    trim_scale(greatest(s.emission_limit - s.total_emissions, 0))::text AS remaining,
    round(s.total_emissions / s.emission_limit * 100, 2)::text AS utilization_pct,
    (s.total_emissions > s.emission_limit) AS exceeded,
    (s.total_emissions <= s.emission_limit AND s.total_emissions * 100 >= s.near_limit_pct * s.emission_limit) AS near_limit,
    s.measurement_count::text AS measurement_count, s.batch_count::text AS batch_count,
    iso_utc(s.first_measured_at) AS first_measured_at, iso_utc(s.last_measured_at) AS last_measured_at,
    trim_scale(w.d1)::text AS last_24h, trim_scale(w.d7)::text AS last_7d, trim_scale(w.d30)::text AS last_30d,
    (SELECT coalesce(json_agg(json_build_object('month', to_char(m.month, 'YYYY-MM'), 'total', trim_scale(m.total)::text,
              'count', m.reading_count) ORDER BY m.month DESC), '[]'::json)
       FROM (SELECT * FROM site_monthly_totals WHERE site_id = s.id ORDER BY month DESC LIMIT 24) m) AS monthly,
    json_build_object('start', iso_utc(p.start_at), 'end', iso_utc(p.end_at), 'total', trim_scale(pt.total)::text,
      'annual_limit', trim_scale(s.annual_limit)::text,
      'remaining', CASE WHEN s.annual_limit IS NOT NULL THEN trim_scale(greatest(s.annual_limit - pt.total, 0))::text END,
      'status', CASE WHEN s.annual_limit IS NULL THEN NULL WHEN pt.total > s.annual_limit THEN 'Limit Exceeded' ELSE 'Within Limit' END,
      -- whole local days after today until the period ends, at the last 30 days' daily rate
      'projected_total', ${projectedTotal(sql`pt.total`, sql`w.d30`, sql`greatest(p.end_local::date - p.today_local - 1, 0)`)}
    ) AS period,
    CASE WHEN g.name IS NULL THEN NULL ELSE json_build_object('gwp_set', g.name, 'gwp_factor', trim_scale(g.factor)::text,
      'gwp_source', g.source, 'total_t', ${tonnesCo2e(sql`s.total_emissions`)}, 'period_t', ${tonnesCo2e(sql`pt.total`)}) END AS co2e
  FROM sites s
  CROSS JOIN LATERAL (
    SELECT ${windowEdge(sql`interval '24 hours'`, partitionsFrom)} + coalesce(sum(ht.total) FILTER (WHERE ht.hour >= ${firstWholeHour(sql`interval '24 hours'`)}), 0) AS d1,
           ${windowEdge(sql`interval '7 days'`, partitionsFrom)} + coalesce(sum(ht.total) FILTER (WHERE ht.hour >= ${firstWholeHour(sql`interval '7 days'`)}), 0) AS d7,
           ${windowEdge(sql`interval '30 days'`, partitionsFrom)} + coalesce(sum(ht.total), 0) AS d30
    FROM site_hourly_totals ht
    WHERE ht.site_id = s.id AND ht.hour >= ${firstWholeHour(sql`interval '30 days'`)}
  ) w
  CROSS JOIN LATERAL (${reportingPeriod(null)}) p
  CROSS JOIN LATERAL (SELECT coalesce(sum(mt.total), 0) AS total FROM ${periodMonths()}) pt
  ${gwpSetJoin(gwp)}
  WHERE s.id = ${id}::uuid`;
}

/**
 * The period's total plus `daysLeft` days at the last 30 days' daily rate, rounded half-up to 6 digits. Multiplied
 * before dividing: the quotient of an exact product by 30 is exact or repeats, so the rounding sees its true digits
 * (dividing first truncated 0.000005 / 30 × 3 to 0.00000049…, rounded down instead of up).
 */
export function projectedTotal(total: SqlFragment, last30Days: SqlFragment, daysLeft: SqlFragment): SqlFragment {
  return sql`trim_scale(round(${total} + ${last30Days} * ${daysLeft} / 30, 6))::text`;
}

/** The first UTC hour wholly inside the window of the last `span`: the hourly rollup covers the window from there on. */
function firstWholeHour(span: SqlFragment): SqlFragment {
  return sql`(${hourOf(sql`now() - ${span}`)} + interval '1 hour')`;
}

/**
 * The window's partial first hour, read from the readings (at most an hour of them). Every later reading of the window
 * is in the hourly rollup: it is less than 30 days old now, so it was less than 31 days old when it arrived, and no
 * reading lies past now + 5 minutes (ingest refuses them). `partitionsFrom` is a parameter, so the plan keeps only the
 * last months' partitions (now() is not known when planning).
 */
function windowEdge(span: SqlFragment, partitionsFrom: string): SqlFragment {
  return sql`(SELECT coalesce(sum(m.value), 0) FROM measurements m WHERE m.site_id = s.id
      AND m.measured_at > now() - ${span} AND m.measured_at < ${firstWholeHour(span)} AND m.measured_at > ${partitionsFrom}::timestamptz)`;
}

/**
 * A lower bound for the 30-day window's scan that only serves partition pruning: 45 days before this process's
 * clock, so a database clock up to two weeks behind still finds every reading of its own last 30 days.
 */
export function windowPartitionsFrom(now: Date): string {
  return new Date(now.getTime() - 45 * 86_400_000).toISOString();
}

type MetricsRow = {
  id: string;
  name: string;
  emission_limit: string;
  total: string;
  remaining: string;
  utilization_pct: string;
  exceeded: boolean;
  near_limit: boolean;
  measurement_count: string;
  batch_count: string;
  first_measured_at: string | null;
  last_measured_at: string | null;
  last_24h: string;
  last_7d: string;
  last_30d: string;
  monthly: { month: string; total: string; count: number }[];
  period: NonNullable<SiteMetrics['period']>;
  co2e: SiteMetrics['co2e'] | null;
};

@Injectable()
export class GetSiteMetricsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute({ id, gwp }: SiteMetricsQuery): Promise<SiteMetrics> {
    const [row] = await preparedStatement<MetricsRow>(this.em, siteMetrics(id, gwp));
    if (!row) throw new FeatureError('site_not_found', `No site with id ${id}.`);
    if (!row.co2e) throw unknownGwpSet(gwp);
    return {
      site_id: row.id,
      name: row.name,
      emission_limit: row.emission_limit,
      total_emissions_to_date: row.total,
      remaining: row.remaining,
      utilization_pct: Number(row.utilization_pct),
      compliance_status: row.exceeded ? 'Limit Exceeded' : 'Within Limit',
      measurement_count: Number(row.measurement_count),
      batch_count: Number(row.batch_count),
      first_measured_at: row.first_measured_at,
      last_measured_at: row.last_measured_at,
      windows: { last_24h: row.last_24h, last_7d: row.last_7d, last_30d: row.last_30d },
      monthly: row.monthly.map((m) => ({ month: m.month, total: m.total, count: Number(m.count) })),
      period: row.period,
      near_limit: row.near_limit,
      co2e: row.co2e,
    };
  }
}

export function unknownGwpSet(gwp: string | undefined): FeatureError {
  return new FeatureError('validation_failed', `gwp: "${gwp}" is not a known GWP set`);
}
