import { Migration } from '@mikro-orm/migrations';

/**
 * The alerting schema. `processed_events` is the inbox: one row per event id ever handled, written in the
 * same transaction as the alert, so a redelivered event changes nothing.
 *
 * One alert per crossing: a site's total only grows and its limit does not change in this version, so a
 * site can cross a given limit at most once. `UNIQUE (site_id, type, emission_limit)` therefore makes a
 * second alert for the same crossing impossible even if two different events both claimed it. If limits
 * ever become editable, a new limit is a new crossing and gets its own alert, which is what we want.
 */
export class Migration20261127100000_alerting extends Migration {
  override async up(): Promise<void> {
    this.addSql('CREATE SCHEMA IF NOT EXISTS alerting;');
    this.addSql(`
      CREATE TABLE alerting.processed_events (
        event_id text PRIMARY KEY,
        processed_at timestamptz NOT NULL DEFAULT now()
      );`);
    this.addSql(`
      CREATE TABLE alerting.alerts (
        id uuid PRIMARY KEY,
        site_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('limit_exceeded')),
        total_at_trigger numeric(30,6) NOT NULL,
        emission_limit numeric(19,6) NOT NULL,
        triggered_at timestamptz NOT NULL,
        event_id text NOT NULL UNIQUE,
        batch_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alerts_one_per_crossing UNIQUE (site_id, type, emission_limit)
      );`);
    this.addSql('CREATE INDEX alerts_newest ON alerting.alerts (triggered_at DESC, id DESC);');
    this.addSql('CREATE INDEX alerts_site_newest ON alerting.alerts (site_id, triggered_at DESC, id DESC);');
    this.addSql('CREATE INDEX processed_events_processed_at ON alerting.processed_events (processed_at);');
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS alerting.alerts, alerting.processed_events;');
  }
}
