import { Migration } from '@mikro-orm/migrations';

/**
 * Limits are editable now, so "one alert per limit crossing" is keyed by the limit revision too: lowering a
 * limit, raising it back and lowering it again to the same value is two crossings and two alerts, while a
 * redelivered event (or a second event claiming the same crossing) still finds the index taken. Existing
 * alerts are revision 0, as every event sent before limits were editable. Super-emitter alerts keep their
 * own one-per-emission-event index.
 */
export class Migration20261202070000_limit_revisions extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE alerting.alerts ADD COLUMN limit_revision integer NOT NULL DEFAULT 0;');
    this.addSql('DROP INDEX alerting.alerts_one_per_limit_crossing;');
    this.addSql(`CREATE UNIQUE INDEX alerts_one_per_limit_crossing ON alerting.alerts (site_id, type, emission_limit, limit_revision)
      WHERE type <> 'super_emitter';`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX alerting.alerts_one_per_limit_crossing;');
    this.addSql(`CREATE UNIQUE INDEX alerts_one_per_limit_crossing ON alerting.alerts (site_id, type, emission_limit)
      WHERE type <> 'super_emitter';`);
    this.addSql('ALTER TABLE alerting.alerts DROP COLUMN limit_revision;');
  }
}
