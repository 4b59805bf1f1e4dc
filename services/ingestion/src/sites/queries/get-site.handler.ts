import { FeatureError } from '@emissions/service-kit';
import type { Site as SiteDto } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SITE_COLUMNS, type SiteRow, toSiteDto } from '../site-row';

@Injectable()
export class GetSiteHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(id: string): Promise<SiteDto> {
    const [row] = await this.em.fork().execute<SiteRow[]>(`SELECT ${SITE_COLUMNS} FROM sites s WHERE s.id = ?`, [id]);
    if (!row) throw new FeatureError('site_not_found', `No site with id ${id}.`);
    return toSiteDto(row);
  }
}
