import { Migration } from '@mikro-orm/migrations';

/**
 * A reading's site is checked once per insert statement instead of once per reading. The foreign key ran one
 * referential check per row, each a `FOR KEY SHARE` lock of the site row: 100 per batch, on the one row every
 * batch of a busy site also updates, where concurrent lockers turn its lock into a MultiXact that each check
 * reads again (with 16 clients on one site that was half the batch's PostgreSQL CPU). In its place:
 * - a statement trigger refuses an insert (or update) whose rows name a site that does not exist
 *   (`foreign_key_violation`, as the key did), reading the statement's new rows once;
 * - sites are never deleted and never change id (archiving is how a site ends), which the key's other half
 *   (no deleting a referenced site) becomes, and which makes the check at insert time final.
 */
export class Migration20261203110000_readings_site_guard extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      DO $$
      DECLARE fk text;
      BEGIN
        SELECT conname INTO STRICT fk FROM pg_constraint
          WHERE conrelid = 'measurements'::regclass AND contype = 'f' AND confrelid = 'sites'::regclass AND conparentid = 0;
        EXECUTE format('ALTER TABLE measurements DROP CONSTRAINT %I', fk);
      END $$;`);
    this.addSql(`
      CREATE FUNCTION readings_name_existing_sites() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE missing uuid;
      BEGIN
        SELECT n.site_id INTO missing FROM new_readings n
          WHERE NOT EXISTS (SELECT FROM sites s WHERE s.id = n.site_id) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'reading for site % which does not exist', missing USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$;`);
    this.addSql(`CREATE TRIGGER measurements_site_exists_on_insert AFTER INSERT ON measurements
      REFERENCING NEW TABLE AS new_readings FOR EACH STATEMENT EXECUTE FUNCTION readings_name_existing_sites();`);
    this.addSql(`CREATE TRIGGER measurements_site_exists_on_update AFTER UPDATE ON measurements
      REFERENCING NEW TABLE AS new_readings FOR EACH STATEMENT EXECUTE FUNCTION readings_name_existing_sites();`);
    this.addSql(`
      CREATE FUNCTION sites_are_never_deleted_or_rekeyed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.id <> OLD.id THEN
          RAISE EXCEPTION 'sites are archived, never deleted or given another id (site %)', OLD.id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NEW;
      END $$;`);
    this.addSql(`CREATE TRIGGER sites_are_kept BEFORE DELETE OR UPDATE OF id ON sites
      FOR EACH ROW EXECUTE FUNCTION sites_are_never_deleted_or_rekeyed();`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TRIGGER sites_are_kept ON sites;');
    this.addSql('DROP FUNCTION sites_are_never_deleted_or_rekeyed();');
    this.addSql('DROP TRIGGER measurements_site_exists_on_insert ON measurements;');
    this.addSql('DROP TRIGGER measurements_site_exists_on_update ON measurements;');
    this.addSql('DROP FUNCTION readings_name_existing_sites();');
    this.addSql('ALTER TABLE measurements ADD CONSTRAINT measurements_site_id_fkey1 FOREIGN KEY (site_id) REFERENCES sites (id);');
  }
}
