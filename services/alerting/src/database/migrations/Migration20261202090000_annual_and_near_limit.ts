import { Migration } from '@mikro-orm/migrations';

/**
 * `near_limit` and `annual_limit_exceeded` alerts. A near-limit crossing shares the lifetime limit's key
 * (site, type, limit, limit revision). An annual crossing is one per reporting year and limit revision: the
 * same annual limit is crossed anew every year, so it gets its own index on the year's start
 * (`period_start`, the UTC instant the site's reporting year starts) and leaves the lifetime-limit index.
 */
export class Migration20261202090000_annual_and_near_limit extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE alerting.alerts ADD COLUMN period_start timestamptz;');
    this.addSql(`ALTER TABLE alerting.alerts ADD CONSTRAINT alerts_period_start_iff_annual
      CHECK ((type = 'annual_limit_exceeded') = (period_start IS NOT NULL));`);
    this.addSql('DROP INDEX alerting.alerts_one_per_limit_crossing;');
    this.addSql(`CREATE UNIQUE INDEX alerts_one_per_limit_crossing ON alerting.alerts (site_id, type, emission_limit, limit_revision)
      WHERE type IN ('limit_exceeded', 'near_limit');`);
    this.addSql(`CREATE UNIQUE INDEX alerts_one_per_annual_crossing ON alerting.alerts (site_id, period_start, limit_revision)
      WHERE type = 'annual_limit_exceeded';`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX alerting.alerts_one_per_annual_crossing;');
    this.addSql('DROP INDEX alerting.alerts_one_per_limit_crossing;');
    this.addSql(`CREATE UNIQUE INDEX alerts_one_per_limit_crossing ON alerting.alerts (site_id, type, emission_limit, limit_revision)
      WHERE type <> 'super_emitter';`);
    this.addSql('ALTER TABLE alerting.alerts DROP CONSTRAINT alerts_period_start_iff_annual, DROP COLUMN period_start;');
  }
}
