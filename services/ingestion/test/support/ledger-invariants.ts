import { expect } from 'vitest';
import type { IngestionTestApp } from './ingestion-test-app';

/**
 * The invariant every test ends with: each site's summary equals its stored readings, and the monthly
 * rollup adds up to the same total and count, month by month in the site's zone (with the days that have readings); so does the per-sensor rollup,
 * sensor by sensor and month by month, with each row's first and last reading.
 */
export async function expectLedgerConsistent(app: IngestionTestApp): Promise<void> {
  const broken = await app.sql(`
    SELECT s.id, s.total_emissions::text, m.sum::text AS readings_sum, s.measurement_count, m.n, r.total::text AS rollup_total, r.n AS rollup_n
    FROM sites s
    LEFT JOIN LATERAL (SELECT coalesce(sum(value), 0) AS sum, count(*) AS n FROM measurements WHERE site_id = s.id) m ON true
    LEFT JOIN LATERAL (SELECT coalesce(sum(total), 0) AS total, coalesce(sum(reading_count), 0) AS n FROM site_monthly_totals WHERE site_id = s.id) r ON true
    WHERE s.total_emissions <> m.sum OR s.measurement_count <> m.n OR r.total <> m.sum OR r.n <> m.n`);
  expect(broken).toEqual([]);
  // Each rollup row holds exactly the readings of that calendar month in the site's own zone, and their local days.
  const misfiled = await app.sql(`
    SELECT coalesce(r.site_id, m.site_id) AS site_id, coalesce(r.month, m.month) AS month, r.total::text, m.total::text AS readings_total,
      r.days, m.days AS readings_days
    FROM site_monthly_totals r
    FULL JOIN (SELECT m.site_id, date_trunc('month', l.local)::date AS month, sum(m.value) AS total, count(*) AS n,
                 bit_or(1 << (extract(day FROM l.local)::int - 1)) AS days
               FROM measurements m JOIN sites s ON s.id = m.site_id CROSS JOIN LATERAL (SELECT m.measured_at AT TIME ZONE s.timezone AS local) l
               GROUP BY 1, 2) m ON m.site_id = r.site_id AND m.month = r.month
    WHERE r.total IS DISTINCT FROM m.total OR r.reading_count IS DISTINCT FROM m.n OR r.days IS DISTINCT FROM m.days`);
  expect(misfiled).toEqual([]);
  // Each UTC hour the metrics' windows read from the hourly rollup (from the 30-day window's first whole hour on) holds
  // exactly that hour's readings, and every such hour with readings has its row (ADR-7).
  const hourMisfiled = await app.sql(`
    WITH since AS (SELECT date_bin('1 hour', now() - interval '30 days', timestamptz '2000-01-01T00:00:00Z') + interval '1 hour' AS h)
    SELECT coalesce(r.site_id, m.site_id) AS site_id, coalesce(r.hour, m.hour) AS hour, r.total::text, m.total::text AS readings_total
    FROM (SELECT * FROM site_hourly_totals WHERE hour >= (SELECT h FROM since)) r
    FULL JOIN (SELECT site_id, date_bin('1 hour', measured_at, timestamptz '2000-01-01T00:00:00Z') AS hour, sum(value) AS total, count(*) AS n
               FROM measurements WHERE measured_at >= (SELECT h FROM since) GROUP BY 1, 2) m ON m.site_id = r.site_id AND m.hour = r.hour
    WHERE r.total IS DISTINCT FROM m.total OR r.reading_count IS DISTINCT FROM m.n`);
  expect(hourMisfiled).toEqual([]);
  // Each per-sensor rollup row equals a GROUP BY over the readings of that sensor and local month (ADR-14).
  const sensorMisfiled = await app.sql(`
    SELECT coalesce(r.site_id, m.site_id) AS site_id, coalesce(r.month, m.month) AS month, coalesce(r.sensor_id, m.sensor_id) AS sensor_id,
      r.total::text, m.total::text AS readings_total
    FROM sensor_monthly_totals r
    FULL JOIN (SELECT m.site_id, date_trunc('month', m.measured_at AT TIME ZONE s.timezone)::date AS month, m.sensor_id,
                 sum(m.value) AS total, count(*) AS n, min(m.measured_at) AS first, max(m.measured_at) AS last
               FROM measurements m JOIN sites s ON s.id = m.site_id GROUP BY 1, 2, 3) m
      ON m.site_id = r.site_id AND m.month = r.month AND m.sensor_id = r.sensor_id
    WHERE r.total IS DISTINCT FROM m.total OR r.reading_count IS DISTINCT FROM m.n
      OR r.first_measured_at IS DISTINCT FROM m.first OR r.last_measured_at IS DISTINCT FROM m.last`);
  expect(sensorMisfiled).toEqual([]);
}
