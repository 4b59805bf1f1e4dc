-- The PostgreSQL bound for one ingest batch: the writes the engine makes per batch, generated
-- server-side, in one transaction: batch row, 100 readings into the table with the dedupe key, total
-- increment, outbox row, stored response. pgbench runs it with the same number of clients.
\set site random(1, :nsites)
BEGIN;
INSERT INTO ingestion_batches (id, site_id, client_id, idempotency_key, key_derived, payload_fingerprint, api_version)
  VALUES (gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(:site::text, 12, '0'))::uuid, 'operator', gen_random_uuid()::text, false, md5(random()::text), 1)
  RETURNING id AS batch_id \gset
INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
  SELECT ('00000000-0000-4000-8000-' || lpad(:site::text, 12, '0'))::uuid, clock_timestamp() - interval '1 day' + g * interval '1 microsecond',
         'bound-' || :client_id, 1.5, ':batch_id'::uuid
  FROM generate_series(1, 100) g ON CONFLICT DO NOTHING;
UPDATE sites SET total_emissions = total_emissions + 150, measurement_count = measurement_count + 100, batch_count = batch_count + 1
  WHERE id = ('00000000-0000-4000-8000-' || lpad(:site::text, 12, '0'))::uuid;
INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload, published_at)
  VALUES (gen_random_uuid(), 'site', ('00000000-0000-4000-8000-' || lpad(:site::text, 12, '0'))::uuid, 'batch.ingested', '{"bound":true}', now());
UPDATE ingestion_batches SET status_code = 201, response = '{"bound":true}' WHERE id = ':batch_id'::uuid;
COMMIT;
