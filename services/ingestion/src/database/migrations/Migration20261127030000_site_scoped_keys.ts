import { Migration } from '@mikro-orm/migrations';

/**
 * Every growing table's primary key now leads with the site, so the schema can be distributed by site
 * (Citus requires the distribution column in every unique constraint): batches are keyed (site_id, id),
 * outbox events (aggregate_id, id) — the aggregate is the site — and the outbox `seq` is no longer unique
 * on its own (identity values are unique anyway; it only orders the relay's claims).
 */
export class Migration20261127030000_site_scoped_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE ingestion_batches DROP CONSTRAINT ingestion_batches_pkey, ADD PRIMARY KEY (site_id, id);');
    this.addSql('ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_pkey, ADD PRIMARY KEY (aggregate_id, id);');
    this.addSql('ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_seq_key;');
    // The batch row is now found by its full key; the rest of ingest_batch is unchanged, so edit just that
    // statement of the installed definition (and refuse to run if it is not there).
    this.addSql(`
      DO $$
      DECLARE
        def text := pg_get_functiondef('ingest_batch(uuid, uuid, text, boolean, text, smallint, text, jsonb, uuid, text)'::regprocedure);
        old_stmt text := 'UPDATE ingestion_batches SET status_code = 201, response = v_response WHERE id = p_batch_id;';
      BEGIN
        IF position(old_stmt IN def) = 0 THEN
          RAISE EXCEPTION 'ingest_batch does not contain the statement this migration rewrites';
        END IF;
        EXECUTE replace(def, old_stmt,
          'UPDATE ingestion_batches SET status_code = 201, response = v_response WHERE site_id = p_site_id AND id = p_batch_id;');
      END $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      DO $$
      DECLARE def text := pg_get_functiondef('ingest_batch(uuid, uuid, text, boolean, text, smallint, text, jsonb, uuid, text)'::regprocedure);
      BEGIN
        EXECUTE replace(def, 'WHERE site_id = p_site_id AND id = p_batch_id;', 'WHERE id = p_batch_id;');
      END $$;`);
    this.addSql('ALTER TABLE outbox_events ADD CONSTRAINT outbox_events_seq_key UNIQUE (seq);');
    this.addSql('ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_pkey, ADD PRIMARY KEY (id);');
    this.addSql('ALTER TABLE ingestion_batches DROP CONSTRAINT ingestion_batches_pkey, ADD PRIMARY KEY (id);');
  }
}
