import { FeatureError } from '@emissions/service-kit';
import { randomUUID } from 'node:crypto';
import type { ArchiveSiteCommand, Site as SiteDto } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { query, raw, sql } from '../../database/sql-fragment';
import { SITE_COLUMNS, type SiteRow, toSiteDto } from '../site-row';
import { SiteChangesRepository } from './site-changes.repository';

/**
 * Archives a site: it refuses readings from now on, stays readable, leaves the default list. Idempotent:
 * archiving again answers with the first `archived_at` and logs nothing. The row lock orders it after
 * batches in flight, so no batch commits into an archived site.
 */
@Injectable()
export class ArchiveSiteHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: SiteChangesRepository,
  ) {}

  execute(command: ArchiveSiteCommand): Promise<SiteDto> {
    return this.em.fork().transactional(async (em) => {
      const locked = await this.changes.lock(em, command.id);
      if (!locked) throw new FeatureError('site_not_found', `No site with id ${command.id}.`);
      if (locked.archived_at === null) {
        const [row] = await query<{ archived_at: string }>(
          em,
          sql`UPDATE sites SET archived_at = now(), updated_at = now() WHERE id = ${command.id}::uuid RETURNING iso_utc(archived_at) AS archived_at`,
        );
        await query(
          em,
          sql`INSERT INTO site_changes (site_id, change_id, changed_by, field, old_value, new_value)
            VALUES (${command.id}::uuid, ${randomUUID()}::uuid, ${command.changed_by}, 'archived_at', 'null'::jsonb, to_jsonb(${row.archived_at}::text))`,
        );
      }
      const [row] = await query<SiteRow>(em, sql`SELECT ${raw(SITE_COLUMNS)} FROM sites s WHERE s.id = ${command.id}::uuid`);
      return toSiteDto(row);
    });
  }
}
