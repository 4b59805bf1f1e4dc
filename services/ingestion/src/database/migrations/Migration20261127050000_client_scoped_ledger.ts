import { Migration } from '@mikro-orm/migrations';

/** The parts of `ingest_batch` that name the ledger's scope; everything else is the same in both versions. */
export type LedgerScope = { param: string; column: string; value: string; conflict: string; lookup: string; claim: string };

export const CLIENT_SCOPE: LedgerScope = {
  param: 'p_client_id text, ',
  column: 'client_id, ',
  value: 'p_client_id, ',
  conflict: 'site_id, client_id, idempotency_key',
  lookup: ' AND b.client_id = p_client_id',
  claim: 'site, client, key',
};
/** The definition Migration20261127030000_site_scoped_keys left installed, restored by down(). */
const SITE_SCOPE: LedgerScope = { param: '', column: '', value: '', conflict: 'site_id, idempotency_key', lookup: '', claim: 'site, key' };

const CLIENT_SCOPED_SIGNATURE = 'ingest_batch(uuid, uuid, text, text, boolean, text, smallint, text, jsonb, uuid, text)';
const SITE_SCOPED_SIGNATURE = 'ingest_batch(uuid, uuid, text, boolean, text, smallint, text, jsonb, uuid, text)';

/**
 * The idempotency ledger is scoped per client (`operator` or `device:<key id>`): the claim, the replay
 * lookup and the stored batch all carry the client, so one client never replays another's response.
 * Existing batches were all sent by operators. `ingest_batch` gains `p_client_id` (third parameter) and
 * stays one statement per batch; the old signature is dropped so nothing can bypass the client scope.
 */
export class Migration20261127050000_client_scoped_ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE ingestion_batches
        ADD COLUMN client_id text NOT NULL DEFAULT 'operator' CONSTRAINT ingestion_batches_client_id_check
          CHECK (client_id ~ '^(operator|device:[0-9a-f-]{36})$');`);
    // Every writer from now on says who it is.
    this.addSql('ALTER TABLE ingestion_batches ALTER COLUMN client_id DROP DEFAULT;');
    this.addSql(`
      ALTER TABLE ingestion_batches
        DROP CONSTRAINT ingestion_batches_site_key,
        ADD CONSTRAINT ingestion_batches_site_client_key UNIQUE (site_id, client_id, idempotency_key);`);
    this.addSql(`DROP FUNCTION ${SITE_SCOPED_SIGNATURE};`);
    this.addSql(ingestBatchFunction(CLIENT_SCOPE));
  }

  override async down(): Promise<void> {
    // Two clients may have used one key on a site: all but one (the operator's, else the oldest) get the
    // client id in front of the key, so the old (site, key) constraint holds and no batch is lost.
    this.addSql(`
      UPDATE ingestion_batches b SET idempotency_key = b.client_id || ':' || b.idempotency_key
      FROM (
        SELECT site_id, id, row_number() OVER (
          PARTITION BY site_id, idempotency_key ORDER BY (client_id = 'operator') DESC, created_at, id) AS n
        FROM ingestion_batches
      ) ranked
      WHERE ranked.site_id = b.site_id AND ranked.id = b.id AND ranked.n > 1;`);
    this.addSql(`DROP FUNCTION ${CLIENT_SCOPED_SIGNATURE};`);
    this.addSql(ingestBatchFunction(SITE_SCOPE));
    this.addSql(`
      ALTER TABLE ingestion_batches
        DROP CONSTRAINT ingestion_batches_site_client_key,
        ADD CONSTRAINT ingestion_batches_site_key UNIQUE (site_id, idempotency_key);`);
    this.addSql('ALTER TABLE ingestion_batches DROP COLUMN client_id;');
  }
}

/** The whole function (see Migration20261127020000_ingest_batch_function for how it works). */
export function ingestBatchFunction(s: LedgerScope): string {
  return `
CREATE FUNCTION ingest_batch(
  p_batch_id uuid, p_site_id uuid, ${s.param}p_key text, p_key_derived boolean, p_fingerprint text, p_api_version smallint,
  p_request_id text, p_readings jsonb, p_event_id uuid, p_accepted_at text
) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  v_claimed uuid;
  v_existing record;
  v_ins_t timestamptz[];
  v_ins_s text[];
  v_ins_v numeric[];
  v_sum numeric := 0;
  v_accepted integer := 0;
  v_duplicate integer;
  v_conflicting integer;
  v_missing integer;
  v_conflicts jsonb;
  v_total numeric;
  v_limit numeric;
  v_status text;
  v_response jsonb;
BEGIN
  -- 1. Claim (${s.claim}). A concurrent claim of the same key waits here until the other commits.
  INSERT INTO ingestion_batches (id, site_id, ${s.column}idempotency_key, key_derived, payload_fingerprint, api_version, request_id)
  SELECT p_batch_id, s.id, ${s.value}p_key, p_key_derived, p_fingerprint, p_api_version, p_request_id FROM sites s WHERE s.id = p_site_id
  ON CONFLICT (${s.conflict}) DO NOTHING
  RETURNING id INTO v_claimed;
  IF v_claimed IS NULL THEN
    SELECT b.payload_fingerprint, b.response INTO v_existing FROM ingestion_batches b WHERE b.site_id = p_site_id${s.lookup} AND b.idempotency_key = p_key;
    IF NOT FOUND THEN
      IF NOT EXISTS (SELECT 1 FROM sites WHERE id = p_site_id) THEN RETURN '{"outcome":"site_not_found"}'::jsonb; END IF;
      RETURN '{"outcome":"in_progress"}'::jsonb;
    END IF;
    IF v_existing.payload_fingerprint <> p_fingerprint THEN RETURN '{"outcome":"key_reused"}'::jsonb; END IF;
    IF v_existing.response IS NULL THEN RETURN '{"outcome":"in_progress"}'::jsonb; END IF;
    RETURN jsonb_build_object('outcome', 'replayed', 'response', v_existing.response);
  END IF;

  -- 2. All readings in one statement, in primary-key order (overlapping batches lock keys in the same
  --    order: no deadlock); natural-key duplicates are skipped, the lowest index of a key wins.
  WITH input AS (
    SELECT (r->>'i')::int AS i, r->>'s' AS s, (r->>'t')::timestamptz AS t, (r->>'v')::numeric AS v FROM jsonb_array_elements(p_readings) r
  ), ins AS (
    INSERT INTO measurements (site_id, measured_at, sensor_id, value, batch_id)
    SELECT p_site_id, t, s, v, p_batch_id FROM input ORDER BY t, s, i
    ON CONFLICT DO NOTHING
    RETURNING measured_at, sensor_id, value
  )
  SELECT array_agg(measured_at), array_agg(sensor_id), array_agg(value), coalesce(sum(value), 0), count(*)
  INTO v_ins_t, v_ins_s, v_ins_v, v_sum, v_accepted FROM ins;

  -- 3. Every other reading is a duplicate (same value as stored) or a conflict (another value). This
  --    statement has a fresh snapshot, so it sees rows a concurrent batch committed meanwhile.
  WITH input AS (
    SELECT (r->>'i')::int AS i, r->>'s' AS s, (r->>'t')::timestamptz AS t, (r->>'v')::numeric AS v FROM jsonb_array_elements(p_readings) r
  ), inserted AS (
    SELECT * FROM unnest(v_ins_t, v_ins_s, v_ins_v) AS x(t, s, v)
  ), winners AS (
    SELECT DISTINCT ON (input.t, input.s) input.i FROM input JOIN inserted USING (t, s) ORDER BY input.t, input.s, input.i
  ), skipped AS (
    SELECT input.i, input.s, input.t, input.v AS sent, coalesce(inserted.v, m.value) AS stored
    FROM input
    LEFT JOIN inserted USING (t, s)
    LEFT JOIN measurements m ON inserted.t IS NULL AND m.site_id = p_site_id AND m.measured_at = input.t AND m.sensor_id = input.s
    WHERE input.i NOT IN (SELECT i FROM winners)
  )
  SELECT count(*) FILTER (WHERE sent = stored), count(*) FILTER (WHERE sent <> stored), count(*) FILTER (WHERE stored IS NULL),
         coalesce(jsonb_agg(jsonb_build_object('index', i, 'sensor_id', s, 'measured_at', iso_utc(t),
                  'stored_value', trim_scale(stored)::text, 'sent_value', trim_scale(sent)::text) ORDER BY i) FILTER (WHERE sent <> stored), '[]'::jsonb)
  INTO v_duplicate, v_conflicting, v_missing, v_conflicts FROM skipped;
  IF v_missing > 0 THEN
    -- A skipped key with no stored row cannot happen unless the store changed under us: retry the batch.
    RAISE EXCEPTION 'skipped reading not found' USING ERRCODE = '40001';
  END IF;

  -- 4. Rollups, then the site summary: exactly the accepted readings, in one increment each.
  INSERT INTO site_monthly_totals AS mt (site_id, month, total, reading_count)
  SELECT p_site_id, date_trunc('month', t AT TIME ZONE 'UTC')::date, sum(v), count(*) FROM unnest(v_ins_t, v_ins_v) AS x(t, v)
  GROUP BY 2 ORDER BY 2
  ON CONFLICT (site_id, month) DO UPDATE SET total = mt.total + excluded.total, reading_count = mt.reading_count + excluded.reading_count;

  UPDATE sites SET
    total_emissions = total_emissions + v_sum,
    measurement_count = measurement_count + v_accepted,
    batch_count = batch_count + 1,
    first_measured_at = LEAST(first_measured_at, (SELECT min(t) FROM unnest(v_ins_t) t)),
    last_measured_at = GREATEST(last_measured_at, (SELECT max(t) FROM unnest(v_ins_t) t)),
    updated_at = now()
  WHERE id = p_site_id
  RETURNING total_emissions, emission_limit INTO v_total, v_limit;
  v_status := CASE WHEN v_total > v_limit THEN 'Limit Exceeded' ELSE 'Within Limit' END;

  -- 5. The outbox event and the stored response; NOTIFY wakes the relay at commit.
  v_response := jsonb_build_object(
    'batch_id', p_batch_id, 'site_id', p_site_id, 'idempotency_key', p_key,
    'readings_received', jsonb_array_length(p_readings), 'readings_accepted', v_accepted,
    'readings_duplicate', v_duplicate, 'readings_conflicting', v_conflicting, 'conflicts', v_conflicts,
    'total_emissions_to_date', trim_scale(v_total)::text, 'compliance_status', v_status, 'accepted_at', p_accepted_at);
  INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload)
  VALUES (p_event_id, 'site', p_site_id, 'batch.ingested', jsonb_build_object(
    'event_id', p_event_id, 'type', 'batch.ingested', 'version', 1, 'site_id', p_site_id, 'batch_id', p_batch_id,
    'request_id', p_request_id, 'readings_accepted', v_accepted, 'accepted_sum', trim_scale(v_sum)::text,
    'total_before', trim_scale(v_total - v_sum)::text, 'total_after', trim_scale(v_total)::text,
    'emission_limit', trim_scale(v_limit)::text, 'committed_at', p_accepted_at));
  UPDATE ingestion_batches SET status_code = 201, response = v_response WHERE site_id = p_site_id AND id = p_batch_id;
  PERFORM pg_notify('outbox_events', '');
  RETURN jsonb_build_object('outcome', 'created', 'response', v_response);
END
$fn$;`;
}
