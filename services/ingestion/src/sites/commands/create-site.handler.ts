import { FeatureError } from '@emissions/service-kit';
import { randomUUID } from 'node:crypto';
import type { CreateSiteRequest, Site as SiteDto } from '@emissions/contracts';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Site } from '../site.entity';
import { SitesRepository } from '../sites.repository';

@Injectable()
export class CreateSiteHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly sites: SitesRepository,
  ) {}

  async execute(request: CreateSiteRequest): Promise<SiteDto> {
    const em = this.em.fork();
    if (request.timezone !== undefined) await this.sites.assertKnownZone(em, request.timezone);
    const now = new Date();
    const site = em.create(Site, {
      id: randomUUID(),
      name: request.name,
      emissionLimit: request.emission_limit,
      metadata: request.metadata,
      createdAt: now,
      updatedAt: now,
      timezone: request.timezone ?? 'UTC',
      annualLimit: request.annual_limit ?? undefined,
      reportingYearStartMonth: request.reporting_year_start_month ?? 1,
      nearLimitPct: String(request.near_limit_pct ?? 80),
      superEmitterKgH: request.super_emitter_kg_h ?? '100',
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
    return this.sites.viewOf(em, site.id);
  }
}
