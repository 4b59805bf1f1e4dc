import { Migration } from '@mikro-orm/migrations';

/**
 * Device keys: a credential scoped to one site. Only the SHA-256 of the whole key is stored, with its
 * public 8-character prefix (unique) to find it in one index lookup; the key itself is never stored.
 */
export class Migration20261127040000_device_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        site_id uuid NOT NULL REFERENCES sites (id),
        kind text NOT NULL DEFAULT 'device' CHECK (kind = 'device'),
        prefix text NOT NULL CHECK (prefix ~ '^[a-z0-9]{8}$'),
        secret_sha256 bytea NOT NULL CHECK (octet_length(secret_sha256) = 32),
        label text CHECK (length(label) BETWEEN 1 AND 120),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT api_keys_prefix_key UNIQUE (prefix)
      );`);
    this.addSql('CREATE INDEX api_keys_site_created ON api_keys (site_id, created_at DESC, id DESC);');
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS api_keys;');
  }
}
