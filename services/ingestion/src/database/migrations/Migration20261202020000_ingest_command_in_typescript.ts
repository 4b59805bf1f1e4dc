import { Migration } from '@mikro-orm/migrations';
import { CLIENT_SCOPE, ingestBatchFunction } from './Migration20261127050000_client_scoped_ledger';

const SIGNATURE = 'ingest_batch(uuid, uuid, text, text, boolean, text, smallint, text, jsonb, uuid, text)';

/**
 * The ingest command is a MikroORM unit of work in the ingestion service (IngestBatchHandler): the
 * database keeps only tables, constraints and indexes, so the PL/pgSQL `ingest_batch` function goes.
 * `down()` reinstalls it for a service version that still calls it.
 */
export class Migration20261202020000_ingest_command_in_typescript extends Migration {
  override async up(): Promise<void> {
    this.addSql(`DROP FUNCTION ${SIGNATURE};`);
  }

  override async down(): Promise<void> {
    this.addSql(ingestBatchFunction(CLIENT_SCOPE));
  }
}
