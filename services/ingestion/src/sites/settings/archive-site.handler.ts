import { FeatureError } from '@emissions/service-kit';
import type { ArchiveSiteCommand, Site as SiteDto } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SitesRepository } from '../sites.repository';
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
    private readonly sites: SitesRepository,
  ) {}

  execute(command: ArchiveSiteCommand): Promise<SiteDto> {
    return this.em.fork().transactional(async (em) => {
      const locked = await this.changes.lock(em, command.id);
      if (!locked) throw new FeatureError('site_not_found', `No site with id ${command.id}.`);
      if (locked.archived_at === null) await this.changes.archive(em, command.id, command.changed_by);
      return this.sites.viewOf(em, command.id);
    });
  }
}
