import { Migration } from '@mikro-orm/migrations';

/** GWP-100 (and one GWP-20) factors for methane; programmes change them, so they are rows, not constants. */
const GWP_SETS: ReadonlyArray<readonly [name: string, factor: string, source: string, isDefault: boolean]> = [
  ['AR6-fossil', '29.8', 'IPCC AR6 WG1 Table 7.15 (fossil CH4, GWP-100)', true],
  ['AR6-nonfossil', '27.0', 'IPCC AR6 WG1 Table 7.15 (non-fossil CH4, GWP-100)', false],
  ['AR6', '27.9', 'IPCC AR6 WG1 Table 7.SM.7 (CH4, GWP-100)', false],
  ['AR5', '28', 'IPCC AR5 WG1 Table 8.7 (CH4, GWP-100, no climate-carbon feedback)', false],
  ['AR4', '25', 'IPCC AR4 WG1 Table 2.14 (CH4, GWP-100)', false],
  ['AR6-fossil-GWP20', '82.5', 'IPCC AR6 WG1 Table 7.15 (fossil CH4, GWP-20)', false],
];

/**
 * Compliance accounting: site settings (zone, annual limit, reporting year, thresholds, archiving), the
 * append-only `site_changes` log, and `gwp_sets` as data. `limit_revision` counts limit changes, so each
 * change is its own crossing for alerting. Existing sites keep UTC, so their rollups stay correct.
 */
export class Migration20261202080000_compliance_settings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE sites
        ADD COLUMN timezone text NOT NULL DEFAULT 'UTC',
        ADD COLUMN annual_limit numeric(19,6) CONSTRAINT sites_annual_limit_check CHECK (annual_limit > 0),
        ADD COLUMN reporting_year_start_month smallint NOT NULL DEFAULT 1
          CONSTRAINT sites_reporting_year_start_month_check CHECK (reporting_year_start_month BETWEEN 1 AND 12),
        ADD COLUMN near_limit_pct numeric(5,2) NOT NULL DEFAULT 80
          CONSTRAINT sites_near_limit_pct_check CHECK (near_limit_pct BETWEEN 1 AND 100),
        ADD COLUMN super_emitter_kg_h numeric(19,6) NOT NULL DEFAULT 100
          CONSTRAINT sites_super_emitter_kg_h_check CHECK (super_emitter_kg_h > 0),
        ADD COLUMN archived_at timestamptz,
        ADD COLUMN limit_revision integer NOT NULL DEFAULT 0;`);
    this.addSql(`
      CREATE TABLE site_changes (
        site_id uuid NOT NULL REFERENCES sites (id),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        change_id uuid NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        changed_by text NOT NULL,
        field text NOT NULL,
        old_value jsonb,
        new_value jsonb,
        PRIMARY KEY (site_id, seq)
      );`);
    // Append-only by construction: a change log that can be edited proves nothing to a verifier.
    this.addSql(`
      CREATE FUNCTION refuse_site_change_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'site_changes is append-only' USING ERRCODE = 'restrict_violation';
      END $$;`);
    this.addSql(`CREATE TRIGGER site_changes_append_only BEFORE UPDATE OR DELETE ON site_changes
      FOR EACH ROW EXECUTE FUNCTION refuse_site_change_edit();`);
    this.addSql(`CREATE TRIGGER site_changes_no_truncate BEFORE TRUNCATE ON site_changes
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_site_change_edit();`);
    this.addSql(`
      CREATE TABLE gwp_sets (
        name text PRIMARY KEY,
        factor numeric(8,3) NOT NULL CONSTRAINT gwp_sets_factor_check CHECK (factor > 0),
        source text NOT NULL,
        is_default boolean NOT NULL DEFAULT false
      );`);
    this.addSql('CREATE UNIQUE INDEX gwp_sets_one_default ON gwp_sets (is_default) WHERE is_default;');
    for (const [name, factor, source, isDefault] of GWP_SETS) {
      this.addSql(`INSERT INTO gwp_sets (name, factor, source, is_default) VALUES ('${name}', ${factor}, '${source}', ${isDefault});`);
    }
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE gwp_sets, site_changes;');
    this.addSql('DROP FUNCTION refuse_site_change_edit();');
    this.addSql(`ALTER TABLE sites DROP COLUMN limit_revision, DROP COLUMN archived_at, DROP COLUMN super_emitter_kg_h,
      DROP COLUMN near_limit_pct, DROP COLUMN reporting_year_start_month, DROP COLUMN annual_limit, DROP COLUMN timezone;`);
  }
}
