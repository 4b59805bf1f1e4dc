import { Migration } from '@mikro-orm/migrations';

/**
 * The events of one sensor by their end, for the derivation's probe of the events touching a window
 * (`JOIN_EVENTS_TOUCHING`: `ended_at >= lo - gap` and `started_at <= hi + gap`). A sensor's events do not
 * overlap, so for a window at the end of its history the probe reads the last event or two, however long the
 * history is; by `emission_events_site_newest` it read every earlier event of the site.
 */
export class Migration20261205020000_emission_events_by_sensor extends Migration {
  override async up(): Promise<void> {
    this.addSql('CREATE INDEX emission_events_sensor_ended ON alerting.emission_events (site_id, sensor_id, ended_at);');
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX alerting.emission_events_sensor_ended;');
  }
}
