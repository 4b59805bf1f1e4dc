import { Migration } from '@mikro-orm/migrations';

/**
 * Per-sensor rollup: one row per site, local month (the site's zone, like `site_monthly_totals`) and sensor,
 * kept by the ingest statement, so a site's per-sensor breakdown reads rollup rows instead of grouping its
 * readings. Backfilled from the stored readings; `measurements` is locked against writers (SHARE) for the
 * backfill, so no reading commits between the snapshot the backfill reads and this migration's commit.
 */
export class Migration20261202100000_sensor_monthly_totals extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE sensor_monthly_totals (
        site_id uuid NOT NULL REFERENCES sites (id),
        month date NOT NULL,
        sensor_id text NOT NULL,
        total numeric(30,6) NOT NULL,
        reading_count bigint NOT NULL,
        first_measured_at timestamptz NOT NULL,
        last_measured_at timestamptz NOT NULL,
        PRIMARY KEY (site_id, month, sensor_id)
      );`);
    this.addSql('LOCK TABLE measurements IN SHARE MODE;');
    this.addSql(`
      INSERT INTO sensor_monthly_totals (site_id, month, sensor_id, total, reading_count, first_measured_at, last_measured_at)
      SELECT m.site_id, date_trunc('month', m.measured_at AT TIME ZONE s.timezone)::date, m.sensor_id,
        sum(m.value), count(*), min(m.measured_at), max(m.measured_at)
      FROM measurements m JOIN sites s ON s.id = m.site_id
      GROUP BY 1, 2, 3;`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE sensor_monthly_totals;');
  }
}
