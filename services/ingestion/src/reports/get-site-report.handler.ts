import { FeatureError } from '@emissions/service-kit';
import type { FleetReport, FleetReportQuery, SiteReportFigures, SiteReportQuery } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, sql } from '../database/sql-fragment';
import { unknownGwpSet } from '../sites/queries/get-site-metrics.handler';
import { type SiteReportRow, siteReportFigures } from './site-report.sql';

/** A site report without alerts (alerting owns them; the gateway adds them). */
export type SiteReportBody = SiteReportFigures & { monthly: NonNullable<SiteReportRow['monthly']> };

/** Site and fleet reports of a reporting year: one statement each, one snapshot, the same figures for both. */
@Injectable()
export class GetSiteReportHandler {
  constructor(private readonly em: EntityManager) {}

  async site({ id, year, gwp }: SiteReportQuery): Promise<SiteReportBody> {
    const [row] = await withoutJit(this.em, (em) => query<SiteReportRow>(em, siteReportFigures(year, gwp, sql`s.id = ${id}::uuid`, true)));
    if (!row) throw new FeatureError('site_not_found', `No site with id ${id}.`);
    if (row.gwp_set === null) throw unknownGwpSet(gwp);
    return { ...figuresOf(row), monthly: row.monthly ?? [] };
  }

  /** Every site, archived ones included: a site archived since still emitted in the year reported. */
  async fleet({ year, gwp }: FleetReportQuery): Promise<FleetReport> {
    const rows = await withoutJit(this.em, async (em) => {
      if (gwp !== undefined && (await query(em, sql`SELECT 1 FROM gwp_sets WHERE name = ${gwp}`)).length === 0) throw unknownGwpSet(gwp);
      return query<SiteReportRow>(em, siteReportFigures(year, gwp, sql`true`, false));
    });
    return { year, data: rows.map(figuresOf) };
  }
}

/**
 * Runs report queries in one read transaction with JIT off: the planner's estimate over hundreds of monthly
 * partitions crosses the JIT threshold, and compiling then costs far more (≈0.7 s) than the query itself.
 */
function withoutJit<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return em.fork().transactional(async (tx) => {
    await query(tx, sql`SET LOCAL jit = off`);
    return work(tx);
  });
}

function figuresOf(row: SiteReportRow): SiteReportFigures {
  return {
    site_id: row.site_id,
    name: row.name,
    period: { start: row.start, end: row.end },
    timezone: row.timezone,
    ch4_kg: row.ch4_kg,
    ch4_t: row.ch4_t,
    co2e_t: row.co2e_t,
    gwp_set: row.gwp_set ?? '',
    gwp_factor: row.gwp_factor,
    annual_limit: row.annual_limit,
    status: row.status,
    readings: row.readings,
    days_with_data: row.days_with_data,
    days_in_period: row.days_in_period,
  };
}
