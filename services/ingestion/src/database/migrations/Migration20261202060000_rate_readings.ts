import { Migration } from '@mikro-orm/migrations';

/**
 * A v2 reading may be a rate (kg/h over `duration_s` seconds): the reading keeps its rate and interval
 * beside its mass (`value`). Both columns are nullable (mass readings have neither) and added to the
 * partitioned parent, which adds them to every partition; with no default, no partition is rewritten.
 * Partitions created later take them from the parent (`PARTITION OF`, or `LIKE … INCLUDING CONSTRAINTS`).
 */
export class Migration20261202060000_rate_readings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE measurements
        ADD COLUMN rate_kg_h numeric,
        ADD COLUMN duration_s integer,
        ADD CONSTRAINT measurements_rate_check CHECK (rate_kg_h >= 0 AND rate_kg_h = round(rate_kg_h, 6)),
        ADD CONSTRAINT measurements_duration_check CHECK (duration_s >= 1 AND duration_s <= 86400),
        ADD CONSTRAINT measurements_rate_with_duration CHECK ((rate_kg_h IS NULL) = (duration_s IS NULL));`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      ALTER TABLE measurements
        DROP CONSTRAINT measurements_rate_with_duration, DROP CONSTRAINT measurements_duration_check,
        DROP CONSTRAINT measurements_rate_check, DROP COLUMN duration_s, DROP COLUMN rate_kg_h;`);
  }
}
