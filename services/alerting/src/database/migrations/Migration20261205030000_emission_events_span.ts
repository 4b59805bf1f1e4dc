import { Migration } from '@mikro-orm/migrations';

/**
 * The events of one sensor by their span, for the derivation's probe of the events touching a window
 * (`JOIN_EVENTS_TOUCHING`: the span `[started_at, ended_at]` overlapping `[lo - gap, hi + gap]`). A B-tree on one
 * end reads every event past that end: by `ended_at`, every later event when readings arrive oldest last (a
 * backfill); by `started_at`, every earlier one when they arrive in order. A GiST index on the span finds the
 * overlapping events alone, wherever the window falls. `btree_gist` (a trusted extension, so the database's
 * owner may create it) lets the site and sensor equality share that index. Down keeps the extension: other
 * objects may use it.
 */
export class Migration20261205030000_emission_events_span extends Migration {
  override async up(): Promise<void> {
    this.addSql('CREATE EXTENSION IF NOT EXISTS btree_gist;');
    this.addSql('DROP INDEX alerting.emission_events_sensor_ended;');
    this.addSql(`CREATE INDEX emission_events_span ON alerting.emission_events
      USING gist (site_id, sensor_id, tstzrange(started_at, ended_at, '[]'));`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX alerting.emission_events_span;');
    this.addSql('CREATE INDEX emission_events_sensor_ended ON alerting.emission_events (site_id, sensor_id, ended_at);');
  }
}
