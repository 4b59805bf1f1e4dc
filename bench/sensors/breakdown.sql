-- Per-sensor breakdown of one big site: the rollup read (what GET /sites/{id}/sensors runs, ADR-14) against a
-- GROUP BY over the raw readings (what it avoids). Run on a freshly migrated, otherwise empty database:
--   psql "$DB" -v rows=2000000 -v sensors=20 -f bench/sensors/breakdown.sql
-- The readings span the 24 months before now; the rollup rows are built with the migration's backfill query.
\set ON_ERROR_STOP on
\timing off
INSERT INTO sites (id, name, emission_limit, timezone) VALUES ('00000000-0000-4000-8000-00000000be0c', 'bench sensors', 1e12, 'America/Chicago');
INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
SELECT '00000000-0000-4000-8000-00000000be0c', now() - interval '1 hour' - (g / :sensors) * ((730 * 86400) / (:rows / :sensors)) * interval '1 second',
  'sensor-' || (g % :sensors), ((g::bigint * 7919) % 100000) / 1000.0, '00000000-0000-4000-8000-000000000000'
FROM generate_series(0, :rows - 1) g;
INSERT INTO sensor_monthly_totals (site_id, month, sensor_id, total, reading_count, first_measured_at, last_measured_at)
SELECT m.site_id, date_trunc('month', m.measured_at AT TIME ZONE s.timezone)::date, m.sensor_id, sum(m.value), count(*), min(m.measured_at), max(m.measured_at)
FROM measurements m JOIN sites s ON s.id = m.site_id GROUP BY 1, 2, 3;
VACUUM ANALYZE measurements;
VACUUM ANALYZE sensor_monthly_totals;
SELECT count(*) AS readings FROM measurements;
SELECT count(*) AS rollup_rows FROM sensor_monthly_totals;
\timing on
-- The rollup read, all time (the breakdown's per_sensor CTE):
SELECT sensor_id, sum(total), sum(reading_count), min(first_measured_at), max(last_measured_at) FROM sensor_monthly_totals
WHERE site_id = '00000000-0000-4000-8000-00000000be0c' AND month >= '-infinity'::date AND month < 'infinity'::date GROUP BY sensor_id ORDER BY 2 DESC;
SELECT sensor_id, sum(total), sum(reading_count), min(first_measured_at), max(last_measured_at) FROM sensor_monthly_totals
WHERE site_id = '00000000-0000-4000-8000-00000000be0c' AND month >= '-infinity'::date AND month < 'infinity'::date GROUP BY sensor_id ORDER BY 2 DESC;
-- The same figures by GROUP BY over the raw readings:
SELECT sensor_id, sum(value), count(*), min(measured_at), max(measured_at) FROM measurements
WHERE site_id = '00000000-0000-4000-8000-00000000be0c' GROUP BY sensor_id ORDER BY 2 DESC;
SELECT sensor_id, sum(value), count(*), min(measured_at), max(measured_at) FROM measurements
WHERE site_id = '00000000-0000-4000-8000-00000000be0c' GROUP BY sensor_id ORDER BY 2 DESC;
