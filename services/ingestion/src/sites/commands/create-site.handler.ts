import { randomUUID } from 'node:crypto';
import type { CreateSiteRequest, Site as SiteDto } from '@emissions/contracts';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FeatureError } from '../../errors/feature.error';
import { Site } from '../site.entity';

@Injectable()
export class CreateSiteHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(request: CreateSiteRequest): Promise<SiteDto> {
    const em = this.em.fork();
    const now = new Date();
    const site = em.create(Site, {
      id: randomUUID(),
      name: request.name,
      emissionLimit: request.emission_limit,
      metadata: request.metadata,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await em.flush();
    } catch (err) {
      // The case-insensitive unique index decides, so two concurrent creates cannot both win.
      if (err instanceof UniqueConstraintViolationException) {
        throw new FeatureError('site_name_taken', `A site named "${request.name}" already exists (names are unique regardless of case).`);
      }
      throw err;
    }
    return {
      id: site.id,
      name: site.name,
      emission_limit: request.emission_limit,
      metadata: site.metadata,
      total_emissions_to_date: '0',
      compliance_status: 'Within Limit',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      last_measured_at: null,
    };
  }
}
