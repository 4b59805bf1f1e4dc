import type { SensorBreakdown, SiteSensorsQuery } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FeatureError } from '@emissions/service-kit';
import { SensorTotalsRepository } from '../sensor-totals.repository';

/** A site's per-sensor breakdown over local months, from the per-sensor rollup (never the readings). */
@Injectable()
export class GetSiteSensorsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly sensorTotals: SensorTotalsRepository,
  ) {}

  async execute(q: SiteSensorsQuery): Promise<SensorBreakdown> {
    const row = await this.sensorTotals.breakdown(this.em.fork(), q);
    if (!row.found || row.timezone === null) throw new FeatureError('site_not_found', `No site with id ${q.id}.`);
    return {
      site_id: q.id,
      timezone: row.timezone,
      from: q.from,
      to: q.to,
      start: row.start,
      end: row.end,
      total_kg: row.total,
      readings: Number(row.readings),
      sensor_count: Number(row.sensor_count),
      data: row.data.map((d) => ({ ...d, readings: Number(d.readings), share_pct: d.share_pct === null ? null : Number(d.share_pct) })),
    };
  }
}
