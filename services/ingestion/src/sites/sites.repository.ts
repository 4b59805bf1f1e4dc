import { FeatureError, arrayLiteral } from '@emissions/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Site as SiteDto } from '@emissions/contracts';
import { preparedStatement } from '../database/prepared-statement';
import { query, raw, type SqlFragment, sql } from '../database/sql-fragment';
import { periodMonths, reportingPeriod } from './reporting-period.sql';
import { SITE_COLUMNS, type SiteRow, toSiteDto } from './site-row';
import { superEmitterThresholdOf } from './super-emitter-threshold';

/** One month's share of a batch's accepted readings, for the monthly rollup; `days` is its local days as bits (day d: bit d-1). */
export type MonthShare = { month: string; total: string; n: number; days: number };

/** One UTC hour's share of a batch's accepted readings of the last 31 days, for the hourly rollup (ADR-7). */
export type HourShare = { hour: string; total: string; n: number };

/** The hours of the hourly rollup: absolute UTC hours, whatever the session's zone. */
export function hourOf(timestamp: SqlFragment): SqlFragment {
  return sql`date_bin('1 hour', ${timestamp}, timestamptz '2000-01-01T00:00:00Z')`;
}

/**
 * All SQL of the site aggregate: `sites` (settings and running summary) and `site_monthly_totals` (its
 * rollup). The summary changes only by exact increments inside the ingest transaction (ADR-3).
 */
@Injectable()
export class SitesRepository {
  /**
   * The rollup month of a reading's timestamp: the one place it is decided. The calendar month in the
   * site's zone, read from the `target` row this statement locked (an uncorrelated subquery: evaluated once
   * per statement, not per reading). A zone change waits for that lock, and is refused once readings exist.
   */
  monthOf(timestamp: SqlFragment): SqlFragment {
    return sql`date_trunc('month', ${this.localTimeOf(timestamp)})::date`;
  }

  /** A reading's timestamp as the site's wall-clock time, by the zone `monthOf` uses. */
  private localTimeOf(timestamp: SqlFragment): SqlFragment {
    return sql`${timestamp} AT TIME ZONE (SELECT timezone FROM target)`;
  }

  /**
   * CTE body `target`: the site a batch is for, when it exists, is not archived and `applies` holds. The
   * KEY SHARE lock is compatible with other batches' summary updates but not with a settings change's
   * FOR UPDATE, so the zone read here stays the site's zone until this transaction ends.
   */
  target(siteId: string, applies: SqlFragment): SqlFragment {
    return sql`SELECT id, timezone FROM sites WHERE id = ${siteId}::uuid AND archived_at IS NULL AND ${applies} FOR KEY SHARE`;
  }

  /** The site as the API shows it (settings and running summary); null when there is no such site. */
  async view(em: EntityManager, siteId: string): Promise<SiteDto | null> {
    const [row] = await query<SiteRow>(em, sql`SELECT ${raw(SITE_COLUMNS)} FROM sites s WHERE s.id = ${siteId}::uuid`);
    return row ? toSiteDto(row) : null;
  }

  /** `view` of a site that must exist; site_not_found otherwise. */
  async viewOf(em: EntityManager, siteId: string): Promise<SiteDto> {
    const site = await this.view(em, siteId);
    if (!site) throw new FeatureError('site_not_found', `No site with id ${siteId}.`);
    return site;
  }

  /** Whether a site exists and takes readings: decides the answer when a batch found no `target`. */
  async state(em: EntityManager, siteId: string): Promise<'missing' | 'archived' | 'active'> {
    const [row] = await query<{ archived: boolean }>(
      em,
      sql`SELECT archived_at IS NOT NULL AS archived FROM sites WHERE id = ${siteId}::uuid`,
    );
    if (!row) return 'missing';
    return row.archived ? 'archived' : 'active';
  }

  /** Refuses a zone PostgreSQL's tz database does not know (the runtime's ICU list may differ from it). */
  async assertKnownZone(em: EntityManager, zone: string): Promise<void> {
    const rows = await query(em, sql`SELECT 1 FROM pg_timezone_names WHERE name = ${zone}`);
    if (rows.length === 0) throw new FeatureError('validation_failed', `timezone: "${zone}" is not a time zone this server knows`);
  }

  /**
   * The totals of each reporting year the batch's `months` fall in, written into its outbox event `eventId`
   * (`reporting_years`). A separate statement, run only for sites with an annual limit, after the summary
   * update: this transaction then holds the site row, so every batch that added to the site before it has
   * committed and this statement's snapshot sees all their rollup rows (a CTE of the ingest statement would
   * read its older snapshot). Prepared: it runs on every batch of a site with an annual limit.
   */
  async addReportingYearTotals(em: EntityManager, siteId: string, eventId: string, months: readonly MonthShare[]): Promise<void> {
    await preparedStatement(em, reportingYearTotalsStatement(siteId, eventId, months));
  }

  /**
   * The site's current reporting year (now, in its zone, from its start month) and its total from the
   * rollups: what a settings change judges the annual limit against. Read under the change's row lock.
   */
  async currentReportingYear(em: EntityManager, siteId: string): Promise<{ start: string; start_at: string; total: string }> {
    const [row] = await query<{ start: string; start_at: string; total: string }>(
      em,
      sql`SELECT to_char(p.start_local, 'YYYY-MM-DD') AS start, iso_utc(p.start_at) AS start_at,
          trim_scale(coalesce((SELECT sum(mt.total) FROM ${periodMonths()}), 0))::text AS total
        FROM sites s, LATERAL (${reportingPeriod(null)}) p WHERE s.id = ${siteId}::uuid`,
    );
    return row;
  }

  /**
   * CTE body `months(month, total, n, days)` over the `inserted` CTE (t, v): `days` sets bit d-1 for each local day d
   * with a reading. Each reading's local time is computed once (`OFFSET 0` keeps the subquery from being folded
   * into its two uses): the zone conversion is most of this aggregate's cost, and `extract` would add a numeric per row.
   */
  monthsFromInsert(): SqlFragment {
    return sql`SELECT month, sum(v) AS total, count(*) AS n, bit_or(day_bit) AS days
      FROM (SELECT date_trunc('month', l)::date AS month, 1 << (l::date - date_trunc('month', l)::date) AS day_bit, v
        FROM (SELECT ${this.localTimeOf(sql`t`)} AS l, v FROM inserted OFFSET 0) i) j
      GROUP BY 1`;
  }

  /**
   * CTE body `hours(hour, total, n)` over the `inserted` CTE (t, v): the readings of the last 31 days only, the
   * furthest any window of the metrics reaches (with a day to spare), so a backfill of old readings adds no rows.
   */
  hoursFromInsert(): SqlFragment {
    return sql`SELECT ${hourOf(sql`t`)} AS hour, sum(v) AS total, count(*) AS n FROM inserted WHERE t > now() - interval '31 days' GROUP BY 1`;
  }

  /** CTE body `hours(hour, total, n)` from figures an earlier statement returned. */
  hoursFrom(hours: readonly HourShare[]): SqlFragment {
    return sql`SELECT * FROM unnest(${arrayLiteral(hours.map((h) => h.hour))}::timestamptz[],
      ${arrayLiteral(hours.map((h) => h.total))}::numeric[], ${arrayLiteral(hours.map((h) => String(h.n)))}::bigint[]) AS h(hour, total, n)`;
  }

  /** Select-list expression: the `hours` figures as JSON (`HourShare[]`), only when `site` did not apply the batch. */
  hoursJsonUnlessApplied(): SqlFragment {
    return sql`CASE WHEN EXISTS (SELECT FROM site) THEN '[]'::json ELSE (SELECT coalesce(json_agg(json_build_object(
      'hour', hour, 'total', trim_scale(total)::text, 'n', n)), '[]') FROM hours) END`;
  }

  /** CTE body `months(month, total, n, days)` from figures an earlier statement returned. */
  monthsFrom(months: readonly MonthShare[]): SqlFragment {
    return sql`SELECT * FROM unnest(${arrayLiteral(months.map((m) => m.month))}::date[],
      ${arrayLiteral(months.map((m) => m.total))}::numeric[], ${arrayLiteral(months.map((m) => String(m.n)))}::bigint[],
      ${arrayLiteral(months.map((m) => String(m.days)))}::int[]) AS m(month, total, n, days)`;
  }

  /** Select-list expression: the `months` figures as JSON (`MonthShare[]`). */
  monthsJson(): SqlFragment {
    return sql`(SELECT coalesce(json_agg(json_build_object('month', month, 'total', trim_scale(total)::text, 'n', n, 'days', days)), '[]') FROM months)`;
  }

  /**
   * CTEs `site`, `rollup` and `hour_rollup`: adds the `accepted` figures (alias `a`) to the site's summary, the
   * `months` to its monthly rollup and the `hours` to its hourly one, when `applies` holds; `site` returns the totals around the increment. The site row is the
   * one hot lock of a busy site: this belongs in the last statement of the transaction, so the lock is held
   * until the commit only.
   */
  addAccepted(siteId: string, applies: SqlFragment): Array<readonly [string, SqlFragment]> {
    const site = sql`UPDATE sites s SET total_emissions = s.total_emissions + a.total, measurement_count = s.measurement_count + a.n,
        batch_count = s.batch_count + 1, first_measured_at = LEAST(s.first_measured_at, a.first),
        last_measured_at = GREATEST(s.last_measured_at, a.last), updated_at = now()
      FROM accepted a WHERE s.id = ${siteId}::uuid AND ${applies}
      RETURNING trim_scale(s.total_emissions)::text AS total_after, trim_scale(s.total_emissions - a.total)::text AS total_before,
        trim_scale(a.total)::text AS accepted_sum, trim_scale(s.emission_limit)::text AS emission_limit,
        s.total_emissions > s.emission_limit AS exceeded, s.limit_revision, ${superEmitterThresholdOf('s')} AS super_emitter_kg_h,
        trim_scale(s.near_limit_pct)::text AS near_limit_pct, trim_scale(s.annual_limit)::text AS annual_limit`;
    // Reads `site`, so it runs after the site row is locked: every batch takes the site, then its months (in order).
    const rollup = sql`INSERT INTO site_monthly_totals AS mt (site_id, month, total, reading_count, days)
      SELECT ${siteId}::uuid, month, total, n, days FROM months WHERE EXISTS (SELECT FROM site) ORDER BY month
      ON CONFLICT (site_id, month) DO UPDATE SET total = mt.total + excluded.total, reading_count = mt.reading_count + excluded.reading_count,
        days = mt.days | excluded.days`;
    // Then its hours (in order), so batches of one site take the same locks in the same order.
    const hourRollup = sql`INSERT INTO site_hourly_totals AS ht (site_id, hour, total, reading_count)
      SELECT ${siteId}::uuid, hour, total, n FROM hours WHERE EXISTS (SELECT FROM site) ORDER BY hour
      ON CONFLICT (site_id, hour) DO UPDATE SET total = ht.total + excluded.total, reading_count = ht.reading_count + excluded.reading_count`;
    return [
      ['site', site],
      ['rollup', rollup],
      ['hour_rollup', hourRollup],
    ];
  }
}

/**
 * The UPDATE behind `addReportingYearTotals`. At most 12 rollup rows per year, by primary key; the event by the
 * outbox's primary key (site, id): by `id` alone it was a scan of every event kept for the relay's retention.
 */
export function reportingYearTotalsStatement(siteId: string, eventId: string, months: readonly MonthShare[]): SqlFragment {
  return sql`WITH shares AS (SELECT * FROM unnest(${arrayLiteral(months.map((m) => m.month))}::date[],
      ${arrayLiteral(months.map((m) => m.total))}::numeric[]) AS m(month, total)),
    s AS (SELECT id, timezone, reporting_year_start_month AS sm FROM sites WHERE id = ${siteId}::uuid),
    years AS (SELECT DISTINCT make_date(extract(year FROM m.month)::int - CASE WHEN extract(month FROM m.month) < s.sm THEN 1 ELSE 0 END,
      s.sm, 1) AS start_local FROM shares m, s),
    figures AS (SELECT y.start_local, y.start_local::timestamp AT TIME ZONE s.timezone AS start_at,
        (SELECT coalesce(sum(mt.total), 0) FROM site_monthly_totals mt WHERE mt.site_id = s.id
          AND mt.month >= y.start_local AND mt.month < (y.start_local + interval '1 year')::date) AS total_after,
        (SELECT sum(m.total) FROM shares m WHERE m.month >= y.start_local AND m.month < (y.start_local + interval '1 year')::date) AS share
      FROM years y, s)
  UPDATE outbox_events SET payload = payload || jsonb_build_object('reporting_years', (SELECT jsonb_agg(jsonb_build_object(
      'start', to_char(f.start_local, 'YYYY-MM-DD'), 'start_at', iso_utc(f.start_at),
      'total_before', trim_scale(f.total_after - f.share)::text, 'total_after', trim_scale(f.total_after)::text) ORDER BY f.start_local)
    FROM figures f))
  WHERE aggregate_id = ${siteId}::uuid AND id = ${eventId}::uuid`;
}
