import { FeatureError } from '@emissions/service-kit';
import { randomUUID } from 'node:crypto';
import { type PatchSiteCommand, SITE_SETTINGS_CHANGED, type Site as SiteDto } from '@emissions/contracts';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OutboxRepository } from '../../outbox/outbox.repository';
import { SitesRepository } from '../sites.repository';
import { diffSettings, type FieldChange } from './settings-diff';
import { SiteChangesRepository, type LockedSettings } from './site-changes.repository';

/**
 * PATCH of a site's settings as one transaction: the new values, one change-log row per changed field and
 * a `site.settings_changed` outbox event, so alerting re-judges compliance against a changed limit exactly
 * like after a batch. Sending the stored value changes nothing and logs nothing.
 */
@Injectable()
export class PatchSiteHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: SiteChangesRepository,
    private readonly sites: SitesRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async execute(command: PatchSiteCommand): Promise<SiteDto> {
    try {
      return await this.em.fork().transactional((em) => this.apply(em, command));
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException || (err as { code?: unknown }).code === '23505') {
        throw new FeatureError(
          'site_name_taken',
          `A site named "${command.changes.name}" already exists (names are unique regardless of case).`,
        );
      }
      throw err;
    }
  }

  private async apply(em: EntityManager, command: PatchSiteCommand): Promise<SiteDto> {
    const locked = await this.changes.lock(em, command.id);
    if (!locked) throw new FeatureError('site_not_found', `No site with id ${command.id}.`);
    const changes = diffSettings(locked.settings, command.changes);
    if (changes.length > 0) await this.write(em, command, locked, changes);
    return this.sites.viewOf(em, command.id);
  }

  private async write(em: EntityManager, command: PatchSiteCommand, locked: LockedSettings, changes: FieldChange[]): Promise<void> {
    const zone = changes.find((c) => c.field === 'timezone');
    if (zone) {
      // Stored rollups are keyed by local month: a new zone would silently re-cut history.
      if (locked.has_readings) throw new FeatureError('site_has_readings', 'timezone can change only while the site has no readings.');
      await this.sites.assertKnownZone(em, String(zone.new_value));
    }
    const annualBefore = locked.settings.annual_limit;
    const annual = changes.find((c) => c.field === 'annual_limit');
    const annualAfter = annual ? (annual.new_value === null ? null : String(annual.new_value)) : annualBefore;
    // The current reporting year under the old and the new settings, only where an annual limit is judged.
    const judgesAnnual = annualBefore !== null || annualAfter !== null;
    const yearBefore = judgesAnnual ? await this.sites.currentReportingYear(em, command.id) : null;
    const revision = await this.changes.apply(em, command.id, changes);
    const yearAfter = judgesAnnual ? await this.sites.currentReportingYear(em, command.id) : null;
    const pct = changes.find((c) => c.field === 'near_limit_pct');
    const changeId = randomUUID();
    await this.changes.append(em, command.id, changeId, command.changed_by, changes);
    const limit = changes.find((c) => c.field === 'emission_limit');
    await this.outbox.appendSettingsChanged(em, {
      event_id: randomUUID(),
      type: SITE_SETTINGS_CHANGED,
      version: 1,
      site_id: command.id,
      change_id: changeId,
      changed_by: command.changed_by,
      fields: changes.map((c) => c.field),
      total: locked.total,
      emission_limit_before: locked.settings.emission_limit,
      emission_limit: limit ? String(limit.new_value) : locked.settings.emission_limit,
      limit_revision: revision,
      committed_at: new Date().toISOString(),
      near_limit_pct_before: String(locked.settings.near_limit_pct),
      near_limit_pct: String(pct ? pct.new_value : locked.settings.near_limit_pct),
      annual_limit_before: annualBefore,
      annual_limit: annualAfter,
      ...(yearBefore && yearAfter ? { reporting_year: { ...yearAfter, total_before: yearBefore.total } } : {}),
    });
  }
}
