import { type Alert as AlertView, type AlertList, formatMass, type ListAlertsQuery } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Alert } from '../alert.entity';

/** Alerts newest first, optionally for one site; masses as canonical decimal strings, times in UTC `Z`. */
@Injectable()
export class ListAlertsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: ListAlertsQuery): Promise<AlertList> {
    const where = query.site_id ? { siteId: query.site_id } : {};
    const alerts = await this.em.fork().find(Alert, where, {
      orderBy: { triggeredAt: 'desc', id: 'desc' },
      limit: query.limit,
    });
    return { data: alerts.map(toView) };
  }
}

function toView(alert: Alert): AlertView {
  return {
    id: alert.id,
    site_id: alert.siteId,
    type: alert.type,
    total_at_trigger: formatMass(alert.totalAtTrigger),
    emission_limit: formatMass(alert.emissionLimit),
    triggered_at: alert.triggeredAt.toISOString(),
    event_id: alert.eventId,
  };
}
