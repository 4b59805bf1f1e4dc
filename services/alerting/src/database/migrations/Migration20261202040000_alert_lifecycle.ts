import { Migration } from '@mikro-orm/migrations';

/**
 * Alerts gain a lifecycle (severity, status, resolution) with an append-only history of every move, and
 * outbound webhooks with one delivery row per (webhook, alert, event type): the row is written in the same
 * transaction as the alert change it announces, so a committed change is always delivered (at least once,
 * with the same delivery id on every attempt) and an uncommitted one never is.
 */
export class Migration20261202040000_alert_lifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE alerting.alerts
        DROP CONSTRAINT alerts_type_check,
        ADD CONSTRAINT alerts_type_check CHECK (type IN ('limit_exceeded', 'annual_limit_exceeded', 'near_limit', 'super_emitter')),
        ADD COLUMN severity text NOT NULL DEFAULT 'critical' CHECK (severity IN ('critical', 'warning')),
        ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
        ADD COLUMN resolution text CHECK (resolution IN ('fixed', 'false_alarm')),
        ADD CONSTRAINT alerts_resolution_iff_resolved CHECK ((status = 'resolved') = (resolution IS NOT NULL));`);
    this.addSql('CREATE UNIQUE INDEX alerts_id ON alerting.alerts (id);');
    this.addSql('CREATE INDEX alerts_status_newest ON alerting.alerts (status, triggered_at DESC, id DESC);');
    this.addSql(`
      CREATE TABLE alerting.alert_history (
        site_id uuid NOT NULL,
        alert_id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        by text NOT NULL,
        action text NOT NULL CHECK (action IN ('acknowledged', 'resolved')),
        note text,
        PRIMARY KEY (site_id, alert_id, seq),
        FOREIGN KEY (site_id, alert_id) REFERENCES alerting.alerts (site_id, id)
      );`);
    // Append-only by construction: nothing, not even a careless maintenance script, edits or removes a move.
    this.addSql(`
      CREATE FUNCTION alerting.refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'alerting.alert_history is append-only' USING ERRCODE = 'restrict_violation';
      END $$;`);
    this.addSql(`CREATE TRIGGER alert_history_append_only BEFORE UPDATE OR DELETE ON alerting.alert_history
      FOR EACH ROW EXECUTE FUNCTION alerting.refuse_history_change();`);
    this.addSql(`CREATE TRIGGER alert_history_no_truncate BEFORE TRUNCATE ON alerting.alert_history
      FOR EACH STATEMENT EXECUTE FUNCTION alerting.refuse_history_change();`);
    this.addSql(`
      CREATE TABLE alerting.webhooks (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
        description text,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );`);
    this.addSql(`
      CREATE TABLE alerting.webhook_deliveries (
        id uuid PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES alerting.webhooks (id),
        site_id uuid NOT NULL,
        alert_id uuid NOT NULL,
        event_type text NOT NULL CHECK (event_type IN ('alert.raised', 'alert.acknowledged', 'alert.resolved')),
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        CONSTRAINT webhook_deliveries_once UNIQUE (webhook_id, alert_id, event_type)
      );`);
    this.addSql('CREATE INDEX webhook_deliveries_log ON alerting.webhook_deliveries (webhook_id, created_at DESC, id DESC);');
    this.addSql("CREATE INDEX webhook_deliveries_pending ON alerting.webhook_deliveries (created_at) WHERE status = 'pending';");
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE alerting.webhook_deliveries, alerting.webhooks, alerting.alert_history;');
    this.addSql('DROP FUNCTION alerting.refuse_history_change();');
    this.addSql('DROP INDEX alerting.alerts_status_newest, alerting.alerts_id;');
    this.addSql(`
      ALTER TABLE alerting.alerts
        DROP CONSTRAINT alerts_resolution_iff_resolved,
        DROP COLUMN resolution, DROP COLUMN status, DROP COLUMN severity,
        DROP CONSTRAINT alerts_type_check,
        ADD CONSTRAINT alerts_type_check CHECK (type IN ('limit_exceeded'));`);
  }
}
