import { type Alert, type BatchIngestedV1, DEFAULT_SUPER_EMITTER_KG_H } from '@emissions/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SuperEmitterAlertsRepository } from '../../alerts/super-emitter-alerts.repository';
import { rederiveAffected } from '../affected-window';
import { EmissionEventsRepository, siteDerivationLock } from '../emission-events.repository';

/**
 * The emission-event part of one batch.ingested event, inside the transaction that records the event in
 * the inbox (whose statement took the site's derivation lock, `lockWithInboxRow`): stores its rate readings,
 * derives the events of the affected window again (late readings may split or merge events) and raises a
 * `super_emitter` alert for each event that has none. Returns the alerts raised. Events written before rates
 * existed carry no readings and change nothing here.
 */
@Injectable()
export class RecordRateReadingsHandler {
  constructor(
    private readonly events: EmissionEventsRepository,
    private readonly alerts: SuperEmitterAlertsRepository,
  ) {}

  /**
   * The select-list expression the inbox insert returns for `batch` (one parameter: the site id), so the
   * site's derivation lock is taken in the same statement as the inbox row, only when the row is new and the
   * batch carries rate readings; null when there is nothing to lock.
   */
  lockWithInboxRow(batch: BatchIngestedV1): string | null {
    return (batch.rate_readings?.length ?? 0) > 0 ? siteDerivationLock('?') : null;
  }

  /** Runs after the inbox statement took the lock of `lockWithInboxRow`. */
  async execute(em: EntityManager, batch: BatchIngestedV1): Promise<Alert[]> {
    const readings = batch.rate_readings ?? [];
    if (readings.length === 0) return [];
    const threshold = batch.super_emitter_kg_h ?? DEFAULT_SUPER_EMITTER_KG_H;
    const { arrived, touched, ahead } = await this.events.insertReadingsAndReadEvents(
      em,
      batch.site_id,
      batch.event_id,
      threshold,
      readings,
    );
    if (arrived.length === 0) return [];
    const change = await rederiveAffected(this.events.storeFor(em, batch.site_id), batch.site_id, arrived, touched, ahead);
    if (change.derived.length === 0) {
      await this.events.write(em, batch.site_id, change);
      return [];
    }
    return this.alerts.raiseFor(em, batch, change.derived, this.events.changeStatement(batch.site_id, change));
  }
}
