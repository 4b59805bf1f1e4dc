import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { arrayLiteral, query, type SqlFragment, sql } from '../database/sql-fragment';
import { superEmitterThresholdOf } from './super-emitter-threshold';

/** One month's share of a batch's accepted readings, for the monthly rollup. */
export type MonthShare = { month: string; total: string; n: number };

/**
 * All SQL of the site aggregate: `sites` (settings and running summary) and `site_monthly_totals` (its
 * rollup). The summary changes only by exact increments inside the ingest transaction (ADR-3).
 */
@Injectable()
export class SitesRepository {
  /**
   * The rollup month of a reading's timestamp: the one place it is decided (UTC calendar months; a site
   * time zone would be applied here).
   */
  monthOf(timestamp: SqlFragment): SqlFragment {
    return sql`date_trunc('month', ${timestamp} AT TIME ZONE 'UTC')::date`;
  }

  /** CTE body `months(month, total, n)` over the `inserted` CTE (t, v). */
  monthsFromInsert(): SqlFragment {
    return sql`SELECT ${this.monthOf(sql`t`)} AS month, sum(v) AS total, count(*) AS n FROM inserted GROUP BY 1`;
  }

  /** CTE body `months(month, total, n)` from figures an earlier statement returned. */
  monthsFrom(months: readonly MonthShare[]): SqlFragment {
    return sql`SELECT * FROM unnest(${arrayLiteral(months.map((m) => m.month))}::date[],
      ${arrayLiteral(months.map((m) => m.total))}::numeric[], ${arrayLiteral(months.map((m) => String(m.n)))}::bigint[]) AS m(month, total, n)`;
  }

  /** Select-list expression: the `months` figures as JSON (`MonthShare[]`). */
  monthsJson(): SqlFragment {
    return sql`(SELECT coalesce(json_agg(json_build_object('month', month, 'total', trim_scale(total)::text, 'n', n)), '[]') FROM months)`;
  }

  /**
   * CTEs `site` and `rollup`: adds the `accepted` figures (alias `a`) to the site's summary and the `months`
   * to its rollup, when `applies` holds; `site` returns the totals around the increment. The site row is the
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
        s.total_emissions > s.emission_limit AS exceeded, ${superEmitterThresholdOf('s')} AS super_emitter_kg_h`;
    // Reads `site`, so it runs after the site row is locked: every batch takes the site, then its months (in order).
    const rollup = sql`INSERT INTO site_monthly_totals AS mt (site_id, month, total, reading_count)
      SELECT ${siteId}::uuid, month, total, n FROM months WHERE EXISTS (SELECT FROM site) ORDER BY month
      ON CONFLICT (site_id, month) DO UPDATE SET total = mt.total + excluded.total, reading_count = mt.reading_count + excluded.reading_count`;
    return [
      ['site', site],
      ['rollup', rollup],
    ];
  }

  /** Query body: the site's id, when it exists. */
  byId(siteId: string): SqlFragment {
    return sql`SELECT id FROM sites WHERE id = ${siteId}::uuid`;
  }

  async exists(em: EntityManager, siteId: string): Promise<boolean> {
    const rows = await query(em, this.byId(siteId));
    return rows.length > 0;
  }
}
