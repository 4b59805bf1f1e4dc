import { type Alert, type BatchIngestedV1, SEVERITY_OF } from '@emissions/contracts';
import { arrayLiteral, preparedStatement } from '@emissions/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { DerivedEmissionEvent } from '../emission-events/emission-event.rule';
import { isoOfMicros } from '../emission-events/emission-event.rule';
import { ALERT_COLUMNS, type AlertRow, toAlertView } from './alert.view';

export const SUPER_EMITTER = 'super_emitter' as const;

/** The derived events as array parameters for `unnest(…) AS d(id, s, st, la)`: id, sensor, start, last reading. */
function eventParams(events: readonly DerivedEmissionEvent[]): string[] {
  return [
    arrayLiteral(events.map((e) => e.id)),
    arrayLiteral(events.map((e) => e.sensor_id)),
    arrayLiteral(events.map((e) => isoOfMicros(e.started_at_us))),
    arrayLiteral(events.map((e) => isoOfMicros(e.last_measured_at_us))),
  ];
}

/**
 * An alert belongs to the event holding the reading its own event started with (`event_started_at`). Used as a
 * probe per derived event (LATERAL or a correlated subquery, OFFSET 0 keeping it one) on
 * `alerts_one_per_emission_event` (site, sensor, event start): as a join, a kept generic plan read every
 * super_emitter alert of the site.
 */
const BELONGS = `a.site_id = ?::uuid AND a.type = '${SUPER_EMITTER}' AND a.sensor_id = d.s AND a.event_started_at BETWEEN d.st AND d.la`;

/**
 * One `super_emitter` alert per emission event. An alert is keyed by its sensor and the start of the event
 * it was raised for (unique, so a redelivery or a concurrent worker cannot raise it twice) and points at the
 * event that now holds that start: when late readings merge events, every alert of the merged ones stays
 * and points at the event that absorbed them; a part split off without such a start gets its own alert.
 * Runs inside the caller's transaction.
 */
@Injectable()
export class SuperEmitterAlertsRepository {
  /**
   * `writeFirst`: data-modifying CTEs (the events' own change) run in the same statement, one round trip; they
   * must not touch `alerting.alerts`.
   */
  async raiseFor(
    em: EntityManager,
    batch: BatchIngestedV1,
    derived: readonly DerivedEmissionEvent[],
    writeFirst: { ctes: string; params: readonly (string | number)[] },
  ): Promise<Alert[]> {
    if (derived.length === 0) return [];
    const statement = superEmitterAlertsStatement(batch, derived, writeFirst);
    const rows = await preparedStatement<AlertRow>(em, statement.text, statement.params);
    return rows.map(toAlertView);
  }
}

/**
 * The statement of `raiseFor` (exported for its plan test).
 * One statement: the UPDATE moves the alerts that already belong to a derived event, the INSERT raises one
 * for each derived event without any. Both read the statement's snapshot, and the UPDATE changes only
 * `emission_event_id`, which `BELONGS` does not look at, so the INSERT's NOT EXISTS sees the same alerts.
 * Prepared (fixed text: `writeFirst` is the events' change statement, ADR-24).
 */
export function superEmitterAlertsStatement(
  batch: BatchIngestedV1,
  derived: readonly DerivedEmissionEvent[],
  writeFirst: { ctes: string; params: readonly (string | number)[] },
): { text: string; params: (string | number)[] } {
  return {
    text: `WITH ${writeFirst.ctes},
         d AS MATERIALIZED (SELECT * FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[]) AS d(id, s, st, la)),
         moved AS (
           UPDATE alerting.alerts SET emission_event_id = m.event_id
           FROM (SELECT b.site_id, b.id, d.id AS event_id FROM d
                 CROSS JOIN LATERAL (SELECT a.site_id, a.id, a.emission_event_id FROM alerting.alerts a WHERE ${BELONGS} OFFSET 0) b
                 WHERE b.emission_event_id IS DISTINCT FROM d.id) m
           WHERE alerts.site_id = m.site_id AND alerts.id = m.id
         )
         INSERT INTO alerting.alerts (id, site_id, type, severity, total_at_trigger, emission_limit, triggered_at, event_id, batch_id,
           sensor_id, event_started_at, emission_event_id)
         SELECT gen_random_uuid(), ?::uuid, '${SUPER_EMITTER}', ?, ?::numeric, ?::numeric, ?::timestamptz, ?, ?::uuid, d.s, d.st, d.id
         FROM d
         WHERE NOT EXISTS (SELECT FROM alerting.alerts a WHERE ${BELONGS} OFFSET 0)
         ORDER BY d.s, d.st
         ON CONFLICT DO NOTHING
         RETURNING ${ALERT_COLUMNS}`,
    params: [
      ...writeFirst.params,
      ...eventParams(derived),
      batch.site_id,
      batch.site_id,
      SEVERITY_OF[SUPER_EMITTER],
      batch.total_after,
      batch.emission_limit,
      batch.committed_at,
      batch.event_id,
      batch.batch_id,
      batch.site_id,
    ],
  };
}
