import { type Alert, type BatchIngestedV1, DEFAULT_SUPER_EMITTER_KG_H } from '@emissions/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SuperEmitterAlertsRepository } from '../../alerts/super-emitter-alerts.repository';
import { rederiveAffected } from '../affected-window';
import { EmissionEventsRepository } from '../emission-events.repository';

/**
 * The emission-event part of one batch.ingested event, inside the transaction that records the event in
 * the inbox: stores its rate readings, derives the events of the affected window again (late readings may
 * split or merge events) and raises a `super_emitter` alert for each event that has none. Returns the
 * alerts raised. Events written before rates existed carry no readings and change nothing here.
 */
@Injectable()
export class RecordRateReadingsHandler {
  constructor(
    private readonly events: EmissionEventsRepository,
    private readonly alerts: SuperEmitterAlertsRepository,
  ) {}

  async execute(em: EntityManager, batch: BatchIngestedV1): Promise<Alert[]> {
    const readings = batch.rate_readings ?? [];
    if (readings.length === 0) return [];
    const threshold = batch.super_emitter_kg_h ?? DEFAULT_SUPER_EMITTER_KG_H;
    const arrived = await this.events.lockSiteAndInsertReadings(em, batch.site_id, batch.event_id, threshold, readings);
    if (arrived.length === 0) return [];
    const derived = await rederiveAffected(this.events.storeFor(em, batch.site_id), batch.site_id, arrived);
    return this.alerts.raiseFor(em, batch, derived);
  }
}
