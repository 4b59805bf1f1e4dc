import type { Site as SiteDto, SiteSummary } from '@emissions/contracts';

/** The columns of a site's overview row (`SiteSummary`), already formatted as the contract wants them. */
export const SITE_SUMMARY_COLUMNS = `
  s.id, s.name, trim_scale(s.emission_limit)::text AS emission_limit, s.metadata,
  trim_scale(s.total_emissions)::text AS total_emissions, (s.total_emissions > s.emission_limit) AS exceeded,
  iso_utc(s.last_measured_at) AS last_measured_at, trim_scale(s.near_limit_pct)::text AS near_limit_pct`;

/** Columns every whole-site read selects. */
export const SITE_COLUMNS = `${SITE_SUMMARY_COLUMNS},
  s.created_at, s.updated_at, s.timezone, trim_scale(s.annual_limit)::text AS annual_limit, s.reporting_year_start_month,
  trim_scale(s.super_emitter_kg_h)::text AS super_emitter_kg_h, iso_utc(s.archived_at) AS archived_at`;

export type SiteRow = {
  id: string;
  name: string;
  emission_limit: string;
  metadata: Record<string, unknown>;
  total_emissions: string;
  exceeded: boolean;
  created_at: Date;
  updated_at: Date;
  last_measured_at: string | null;
  timezone: string;
  annual_limit: string | null;
  reporting_year_start_month: number;
  near_limit_pct: string;
  super_emitter_kg_h: string;
  archived_at: string | null;
};

export type SiteSummaryRow = Pick<
  SiteRow,
  'id' | 'name' | 'emission_limit' | 'metadata' | 'total_emissions' | 'exceeded' | 'last_measured_at' | 'near_limit_pct'
>;

export function toSiteSummary(row: SiteSummaryRow): SiteSummary {
  return {
    id: row.id,
    name: row.name,
    emission_limit: row.emission_limit,
    metadata: row.metadata,
    total_emissions_to_date: row.total_emissions,
    compliance_status: row.exceeded ? 'Limit Exceeded' : 'Within Limit',
    last_measured_at: row.last_measured_at,
    near_limit_pct: Number(row.near_limit_pct),
  };
}

export function toSiteDto(row: SiteRow): SiteDto {
  return {
    ...toSiteSummary(row),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    timezone: row.timezone,
    annual_limit: row.annual_limit,
    reporting_year_start_month: Number(row.reporting_year_start_month),
    super_emitter_kg_h: row.super_emitter_kg_h,
    archived_at: row.archived_at,
  };
}
