import { Migration } from '@mikro-orm/migrations';

/**
 * Range-partitions measurements on measured_at: one partition per year for 2000–2025 (old data arrives
 * rarely and in bulk), one per month from 2026, created ahead by `ensure_measurement_partitions`, and a
 * DEFAULT partition as the safety net so that no reading of any month is ever refused for want of a
 * partition. Rows that land in DEFAULT are moved into their partition when it is created.
 */
export class Migration20261127010000_partition_measurements extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE FUNCTION ensure_measurement_partition(lo date, hi date, part_name text) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE
        lo_ts timestamptz := (lo::timestamp AT TIME ZONE 'UTC');
        hi_ts timestamptz := (hi::timestamp AT TIME ZONE 'UTC');
      BEGIN
        IF to_regclass(part_name) IS NOT NULL THEN
          RETURN 0;
        END IF;
        IF EXISTS (SELECT 1 FROM measurements_default WHERE measured_at >= lo_ts AND measured_at < hi_ts) THEN
          -- Rows parked in DEFAULT for this range: move them, then attach (attach re-checks DEFAULT).
          EXECUTE format('CREATE TABLE %I (LIKE measurements INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part_name);
          EXECUTE format('WITH moved AS (DELETE FROM measurements_default WHERE measured_at >= %L AND measured_at < %L RETURNING *)
                          INSERT INTO %I SELECT * FROM moved', lo_ts, hi_ts, part_name);
          EXECUTE format('ALTER TABLE measurements ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part_name, lo_ts, hi_ts);
        ELSE
          EXECUTE format('CREATE TABLE %I PARTITION OF measurements FOR VALUES FROM (%L) TO (%L)', part_name, lo_ts, hi_ts);
        END IF;
        RETURN 1;
      END $$;`);
    this.addSql(`
      CREATE FUNCTION ensure_measurement_partitions(months_ahead integer DEFAULT 3) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE
        created integer := 0;
        m date := DATE '2026-01-01';
        horizon date := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => months_ahead + 1))::date;
      BEGIN
        -- Several instances may run this at once: one at a time, the others then find nothing to do.
        PERFORM pg_advisory_xact_lock(hashtext('ensure_measurement_partitions'));
        FOR y IN 2000..2025 LOOP
          created := created + ensure_measurement_partition(make_date(y, 1, 1), make_date(y + 1, 1, 1), format('measurements_y%s', y));
        END LOOP;
        WHILE m < horizon LOOP
          created := created + ensure_measurement_partition(m, (m + interval '1 month')::date, format('measurements_m%s', to_char(m, 'YYYY_MM')));
          m := (m + interval '1 month')::date;
        END LOOP;
        RETURN created;
      END $$;`);
    this.addSql('ALTER TABLE measurements RENAME TO measurements_unpartitioned;');
    this.addSql('ALTER TABLE measurements_unpartitioned RENAME CONSTRAINT measurements_pkey TO measurements_unpartitioned_pkey;');
    this.addSql(`
      CREATE TABLE measurements (
        site_id uuid NOT NULL REFERENCES sites (id),
        measured_at timestamptz NOT NULL,
        sensor_id text NOT NULL,
        value numeric(16,6) NOT NULL CHECK (value >= 0),
        batch_id uuid NOT NULL,
        PRIMARY KEY (site_id, measured_at, sensor_id)
      ) PARTITION BY RANGE (measured_at);`);
    this.addSql('CREATE TABLE measurements_default PARTITION OF measurements DEFAULT;');
    this.addSql('SELECT ensure_measurement_partitions(3);');
    this.addSql('INSERT INTO measurements SELECT site_id, measured_at, sensor_id, value, batch_id FROM measurements_unpartitioned;');
    this.addSql('DROP TABLE measurements_unpartitioned;');
  }

  override async down(): Promise<void> {
    this.addSql('ALTER TABLE measurements RENAME TO measurements_partitioned;');
    this.addSql(`
      CREATE TABLE measurements (
        site_id uuid NOT NULL REFERENCES sites (id), measured_at timestamptz NOT NULL, sensor_id text NOT NULL,
        value numeric(16,6) NOT NULL CHECK (value >= 0), batch_id uuid NOT NULL,
        CONSTRAINT measurements_flat_pkey PRIMARY KEY (site_id, measured_at, sensor_id));`);
    this.addSql('INSERT INTO measurements SELECT * FROM measurements_partitioned;');
    this.addSql('DROP TABLE measurements_partitioned CASCADE;');
    this.addSql('DROP FUNCTION ensure_measurement_partitions(integer);');
    this.addSql('DROP FUNCTION ensure_measurement_partition(date, date, text);');
  }
}
