import { Migration } from '@mikro-orm/migrations';

/**
 * Room on each page of the rollups the ingest statement updates every batch, so an update can be HOT (the new
 * row version on the same page, no new index entry). With full pages only about a quarter of the per-sensor
 * rollup's updates were HOT under the ingest benchmark; the rest wrote an index entry each and left bloat for
 * vacuum. Applies to pages written from now on; `VACUUM FULL` rewrites older ones.
 */
export class Migration20261203100000_rollup_fillfactor extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE sensor_monthly_totals SET (fillfactor = 50);');
    this.addSql('ALTER TABLE site_monthly_totals SET (fillfactor = 50);');
  }

  override async down(): Promise<void> {
    this.addSql('ALTER TABLE sensor_monthly_totals RESET (fillfactor);');
    this.addSql('ALTER TABLE site_monthly_totals RESET (fillfactor);');
  }
}
