import { Migration } from '@mikro-orm/migrations';

/**
 * Emission events (ADR-23). Alerting keeps its own copy of the rate readings it was sent
 * (`rate_readings`, each with the site's super-emitter threshold when its batch committed) and the events
 * derived from them (`emission_events`, rewritten for the affected window whenever readings arrive).
 *
 * A `super_emitter` alert is raised once per event: it remembers the sensor and the start of the event it
 * was raised for (`event_started_at`, immutable, unique per site and sensor) and points at the event that
 * now contains that instant (`emission_event_id`, moved when late readings merge or split events).
 * The one-per-crossing and one-per-batch-event uniqueness rules keep holding for every other type; they
 * cannot hold for super-emitter alerts (many per site, several from one batch).
 */
export class Migration20261202060000_emission_events extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE alerting.rate_readings (
        site_id uuid NOT NULL,
        sensor_id text NOT NULL,
        measured_at timestamptz NOT NULL,
        duration_s integer NOT NULL CHECK (duration_s >= 1 AND duration_s <= 86400),
        rate_kg_h numeric NOT NULL CHECK (rate_kg_h >= 0),
        mass_kg numeric NOT NULL CHECK (mass_kg >= 0),
        threshold_kg_h numeric NOT NULL CHECK (threshold_kg_h > 0),
        event_id text NOT NULL,
        PRIMARY KEY (site_id, sensor_id, measured_at)
      );`);
    this.addSql(`
      CREATE TABLE alerting.emission_events (
        site_id uuid NOT NULL,
        id uuid NOT NULL,
        sensor_id text NOT NULL,
        kind text NOT NULL DEFAULT 'super_emitter' CHECK (kind IN ('super_emitter')),
        started_at timestamptz NOT NULL,
        ended_at timestamptz NOT NULL,
        last_measured_at timestamptz NOT NULL,
        peak_rate_kg_h numeric NOT NULL,
        mass_kg numeric NOT NULL,
        readings integer NOT NULL CHECK (readings > 0),
        PRIMARY KEY (site_id, id),
        CONSTRAINT emission_events_one_per_start UNIQUE (site_id, sensor_id, started_at)
      );`);
    this.addSql('CREATE INDEX emission_events_site_newest ON alerting.emission_events (site_id, started_at DESC, id DESC);');
    this.addSql('ALTER TABLE alerting.alerts DROP CONSTRAINT IF EXISTS alerts_one_per_crossing;');
    this.addSql(
      "CREATE UNIQUE INDEX alerts_one_per_limit_crossing ON alerting.alerts (site_id, type, emission_limit) WHERE type <> 'super_emitter';",
    );
    this.addSql('ALTER TABLE alerting.alerts DROP CONSTRAINT IF EXISTS alerts_site_event;');
    this.addSql(
      "CREATE UNIQUE INDEX alerts_one_per_batch_event ON alerting.alerts (site_id, event_id, type) WHERE type <> 'super_emitter';",
    );
    this.addSql(`
      ALTER TABLE alerting.alerts
        ADD COLUMN sensor_id text,
        ADD COLUMN event_started_at timestamptz,
        ADD COLUMN emission_event_id uuid,
        ADD CONSTRAINT alerts_super_emitter_event CHECK ((type = 'super_emitter') = (event_started_at IS NOT NULL AND sensor_id IS NOT NULL));`);
    this.addSql(
      "CREATE UNIQUE INDEX alerts_one_per_emission_event ON alerting.alerts (site_id, sensor_id, event_started_at) WHERE type = 'super_emitter';",
    );
  }

  /** Refuses while super-emitter alerts exist: they and their history are append-only records, never dropped by a rollback. */
  override async down(): Promise<void> {
    this.addSql(`
      DO $$ BEGIN
        IF EXISTS (SELECT FROM alerting.alerts WHERE type = 'super_emitter') THEN
          RAISE EXCEPTION 'super_emitter alerts exist; they cannot be kept by the previous schema';
        END IF;
      END $$;`);
    this.addSql(
      'DROP INDEX alerting.alerts_one_per_emission_event, alerting.alerts_one_per_batch_event, alerting.alerts_one_per_limit_crossing;',
    );
    this.addSql(`
      ALTER TABLE alerting.alerts
        DROP CONSTRAINT alerts_super_emitter_event, DROP COLUMN emission_event_id, DROP COLUMN event_started_at, DROP COLUMN sensor_id,
        ADD CONSTRAINT alerts_site_event UNIQUE (site_id, event_id),
        ADD CONSTRAINT alerts_one_per_crossing UNIQUE (site_id, type, emission_limit);`);
    this.addSql('DROP TABLE alerting.emission_events, alerting.rate_readings;');
  }
}
