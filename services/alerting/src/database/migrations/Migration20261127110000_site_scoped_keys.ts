import { Migration } from '@mikro-orm/migrations';

/**
 * Keys lead with the site, like the ingestion schema, so alerting can be distributed by site too. The
 * inbox gains the event's site; rows written before this migration get the nil uuid (their site is not
 * recorded anywhere else), which at worst lets one of those old events be handled once more — harmless,
 * since the one-alert-per-crossing constraint still holds.
 */
export class Migration20261127110000_site_scoped_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql("ALTER TABLE alerting.processed_events ADD COLUMN site_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';");
    this.addSql('ALTER TABLE alerting.processed_events ALTER COLUMN site_id DROP DEFAULT;');
    this.addSql('ALTER TABLE alerting.processed_events DROP CONSTRAINT processed_events_pkey, ADD PRIMARY KEY (site_id, event_id);');
    this.addSql('ALTER TABLE alerting.alerts DROP CONSTRAINT alerts_pkey, ADD PRIMARY KEY (site_id, id);');
    this.addSql(
      'ALTER TABLE alerting.alerts DROP CONSTRAINT alerts_event_id_key, ADD CONSTRAINT alerts_site_event UNIQUE (site_id, event_id);',
    );
  }

  override async down(): Promise<void> {
    this.addSql('ALTER TABLE alerting.alerts DROP CONSTRAINT alerts_site_event, ADD CONSTRAINT alerts_event_id_key UNIQUE (event_id);');
    this.addSql('ALTER TABLE alerting.alerts DROP CONSTRAINT alerts_pkey, ADD PRIMARY KEY (id);');
    this.addSql('ALTER TABLE alerting.processed_events DROP CONSTRAINT processed_events_pkey, ADD PRIMARY KEY (event_id);');
    this.addSql('ALTER TABLE alerting.processed_events DROP COLUMN site_id;');
  }
}
