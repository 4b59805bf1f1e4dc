import { Migration } from '@mikro-orm/migrations';

/**
 * Limits are editable now, so "one alert per crossing" is keyed by the limit revision too: lowering a
 * limit, raising it back and lowering it again to the same value is two crossings and two alerts, while a
 * redelivered event (or a second event claiming the same crossing) still finds the constraint taken.
 * Existing alerts are revision 0, as every event sent before limits were editable.
 */
export class Migration20261202070000_limit_revisions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE alerting.alerts
        ADD COLUMN limit_revision integer NOT NULL DEFAULT 0,
        DROP CONSTRAINT alerts_one_per_crossing,
        ADD CONSTRAINT alerts_one_per_crossing UNIQUE (site_id, type, emission_limit, limit_revision);`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      ALTER TABLE alerting.alerts
        DROP CONSTRAINT alerts_one_per_crossing,
        ADD CONSTRAINT alerts_one_per_crossing UNIQUE (site_id, type, emission_limit),
        DROP COLUMN limit_revision;`);
  }
}
