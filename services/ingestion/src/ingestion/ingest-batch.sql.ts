/**
 * The statements of one ingest transaction, in order. Together they make a constant number of
 * round trips per batch (3, plus 1 when some readings were already stored), whatever its size.
 */

/** Claims (site, key). Waits on the unique index while another transaction holds the same key. */
export const CLAIM_BATCH = `
  INSERT INTO ingestion_batches (id, site_id, idempotency_key, key_derived, payload_fingerprint, api_version, request_id)
  SELECT ?, s.id, ?, ?, ?, ?, ? FROM sites s WHERE s.id = ?
  ON CONFLICT (site_id, idempotency_key) DO NOTHING
  RETURNING id`;

/** Why a claim inserted nothing: no such site, or the key is taken (then its stored outcome). */
export const FIND_CLAIM = `
  SELECT EXISTS (SELECT 1 FROM sites WHERE id = ?) AS site_exists, b.payload_fingerprint, b.status_code, b.response
  FROM (SELECT 1) AS one
  LEFT JOIN ingestion_batches b ON b.site_id = ? AND b.idempotency_key = ?`;

/**
 * Inserts all readings in one statement, skipping natural-key duplicates, in primary-key order so two
 * overlapping batches lock keys in the same order and cannot deadlock; the lowest index of a key wins.
 */
export const INSERT_READINGS = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset(?::jsonb) AS r(i int, s text, t timestamptz, v numeric)
  )
  INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
  SELECT ?::uuid, t, s, v, ?::uuid FROM input ORDER BY t, s, i
  ON CONFLICT DO NOTHING
  RETURNING iso_utc(measured_at) AS measured_at, sensor_id, value::text AS value`;

/** The stored values of the skipped keys (a separate statement: it must see rows committed meanwhile). */
export const FIND_STORED_READINGS = `
  SELECT iso_utc(m.measured_at) AS measured_at, m.sensor_id, m.value::text AS value
  FROM jsonb_to_recordset(?::jsonb) AS k(t timestamptz, s text)
  JOIN measurements m ON m.site_id = ? AND m.measured_at = k.t AND m.sensor_id = k.s`;

/**
 * Last statement before COMMIT, so the site row (the hot lock of a busy site) is held for the shortest
 * time: increments the summary and monthly rollups by exactly the accepted readings, appends the outbox
 * event, stores the response, and wakes the relay (NOTIFY is delivered at commit).
 */
export const COMMIT_BATCH = `
  WITH site AS (
    UPDATE sites SET
      total_emissions = total_emissions + ?::numeric,
      measurement_count = measurement_count + ?::bigint,
      batch_count = batch_count + 1,
      first_measured_at = LEAST(first_measured_at, ?::timestamptz),
      last_measured_at = GREATEST(last_measured_at, ?::timestamptz),
      updated_at = now()
    WHERE id = ?
    RETURNING trim_scale(total_emissions)::text AS total_after,
              trim_scale(total_emissions - ?::numeric)::text AS total_before,
              trim_scale(emission_limit)::text AS emission_limit,
              CASE WHEN total_emissions > emission_limit THEN 'Limit Exceeded' ELSE 'Within Limit' END AS compliance_status
  ),
  monthly AS (
    INSERT INTO site_monthly_totals AS t (site_id, month, total, reading_count)
    SELECT ?::uuid, m.month, m.total, m.count FROM jsonb_to_recordset(?::jsonb) AS m(month date, total numeric, count bigint)
    ORDER BY m.month
    ON CONFLICT (site_id, month) DO UPDATE
      SET total = t.total + excluded.total, reading_count = t.reading_count + excluded.reading_count
  ),
  outbox AS (
    INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload)
    SELECT ?::uuid, 'site', ?::uuid, 'batch.ingested', ?::jsonb
      || jsonb_build_object('total_before', site.total_before, 'total_after', site.total_after, 'emission_limit', site.emission_limit)
    FROM site
  ),
  batch AS (
    UPDATE ingestion_batches b SET status_code = 201, response = ?::jsonb
      || jsonb_build_object('total_emissions_to_date', site.total_after, 'compliance_status', site.compliance_status)
    FROM site WHERE b.id = ?
  )
  SELECT site.*, (SELECT pg_notify('outbox_events', '') IS NULL) AS notified FROM site`;
