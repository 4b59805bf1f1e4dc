import { FeatureError } from '@emissions/service-kit';
import type { SiteChangeList } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SiteChangesRepository } from './site-changes.repository';

/** The site's change log, newest first. */
@Injectable()
export class ListSiteChangesHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: SiteChangesRepository,
  ) {}

  async execute(siteId: string): Promise<SiteChangeList> {
    const data = await this.changes.list(this.em.fork(), siteId);
    if (!data) throw new FeatureError('site_not_found', `No site with id ${siteId}.`);
    return { data };
  }
}
