import { Migration } from '@mikro-orm/migrations';

/**
 * The ingestion schema. Masses are NUMERIC with 6 fractional digits (1 mg); the natural key of a reading
 * is its primary key, so the dedupe check and the time-range index are one B-tree.
 */
export class Migration20261127000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE FUNCTION iso_utc(ts timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
          || COALESCE(NULLIF('.' || rtrim(to_char(ts AT TIME ZONE 'UTC', 'US'), '0'), '.'), '') || 'Z'
      $$;`);
    this.addSql(`
      CREATE TABLE sites (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        emission_limit numeric(19,6) NOT NULL CHECK (emission_limit > 0),
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        total_emissions numeric(30,6) NOT NULL DEFAULT 0 CHECK (total_emissions >= 0),
        measurement_count bigint NOT NULL DEFAULT 0,
        batch_count bigint NOT NULL DEFAULT 0,
        first_measured_at timestamptz,
        last_measured_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );`);
    this.addSql('CREATE UNIQUE INDEX sites_name_unique ON sites (lower(name));');
    this.addSql(`
      CREATE TABLE ingestion_batches (
        id uuid PRIMARY KEY,
        site_id uuid NOT NULL REFERENCES sites (id),
        idempotency_key text NOT NULL,
        key_derived boolean NOT NULL,
        payload_fingerprint text NOT NULL,
        api_version smallint NOT NULL,
        request_id text,
        status_code smallint,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ingestion_batches_site_key UNIQUE (site_id, idempotency_key)
      );`);
    this.addSql(`
      CREATE TABLE measurements (
        site_id uuid NOT NULL REFERENCES sites (id),
        measured_at timestamptz NOT NULL,
        sensor_id text NOT NULL,
        value numeric(16,6) NOT NULL CHECK (value >= 0),
        batch_id uuid NOT NULL,
        PRIMARY KEY (site_id, measured_at, sensor_id)
      );`);
    this.addSql(`
      CREATE TABLE site_monthly_totals (
        site_id uuid NOT NULL REFERENCES sites (id),
        month date NOT NULL,
        total numeric(30,6) NOT NULL,
        reading_count bigint NOT NULL,
        PRIMARY KEY (site_id, month)
      );`);
    this.addSql(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        aggregate_type text NOT NULL,
        aggregate_id uuid NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      );`);
    this.addSql('CREATE INDEX outbox_events_unpublished ON outbox_events (seq) WHERE published_at IS NULL;');
    this.addSql('CREATE INDEX outbox_events_published_at ON outbox_events (published_at) WHERE published_at IS NOT NULL;');
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS outbox_events, site_monthly_totals, measurements, ingestion_batches, sites;');
    this.addSql('DROP FUNCTION IF EXISTS iso_utc(timestamptz);');
  }
}
