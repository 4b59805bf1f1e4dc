import { Migration } from '@mikro-orm/migrations';

/**
 * Per-site, per-UTC-hour rollup of the recent readings, kept by the ingest statement, so a site's 24 h / 7 d / 30 d
 * windows add rollup rows (at most 721) and read readings only for each window's partial first hour. Readings
 * more than 31 days old when they arrive are not added: no window reaches them (ADR-7). Hours are
 * `date_bin('1 hour', t, '2000-01-01Z')`, absolute, whatever the session's zone. Backfilled from the last 31 days'
 * readings with `measurements` locked against writers (SHARE).
 */
export class Migration20261206010000_site_hourly_totals extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE site_hourly_totals (
        site_id uuid NOT NULL REFERENCES sites (id),
        hour timestamptz NOT NULL,
        total numeric(30,6) NOT NULL,
        reading_count bigint NOT NULL,
        PRIMARY KEY (site_id, hour)
      ) WITH (fillfactor = 50);`);
    this.addSql('LOCK TABLE measurements IN SHARE MODE;');
    this.addSql(`
      INSERT INTO site_hourly_totals (site_id, hour, total, reading_count)
      SELECT site_id, date_bin('1 hour', measured_at, timestamptz '2000-01-01T00:00:00Z'), sum(value), count(*)
      FROM measurements WHERE measured_at > now() - interval '31 days'
      GROUP BY 1, 2;`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE site_hourly_totals;');
  }
}
