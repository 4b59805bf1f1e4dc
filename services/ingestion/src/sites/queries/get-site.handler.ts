import type { Site as SiteDto } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SitesRepository } from '../sites.repository';

@Injectable()
export class GetSiteHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly sites: SitesRepository,
  ) {}

  async execute(id: string): Promise<SiteDto> {
    return this.sites.viewOf(this.em.fork(), id);
  }
}
