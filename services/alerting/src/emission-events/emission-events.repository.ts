import type { AcceptedRateReading } from '@emissions/contracts';
import { arrayLiteral, preparedStatement } from '@emissions/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { microsOf } from '../database/micros-of';
import type { ArrivedRateReading, EmissionEventStore, EmissionEventsChange, EventSpan, ReadAhead, SensorWindow } from './affected-window';
import { isoOfMicros, MAX_GAP_US, type StoredRateReading } from './emission-event.rule';

const GAP_S = MAX_GAP_US / 1_000_000;

/** The windows as three array parameters (sensor, lo, hi) for `unnest(…) AS w(s, lo, hi)`. */
function windowParams(windows: readonly SensorWindow[]): string[] {
  return [
    arrayLiteral(windows.map((w) => w.sensor_id)),
    arrayLiteral(windows.map((w) => isoOfMicros(w.lo_us))),
    arrayLiteral(windows.map((w) => isoOfMicros(w.hi_us))),
  ];
}

/** The windows as rows `w(s, lo, hi)`. Parameters: `windowParams`. */
const WINDOWS = 'unnest(?::text[], ?::timestamptz[], ?::timestamptz[]) AS w(s, lo, hi)';
/**
 * Mirrors `touches`: stored events overlapping a window `w` or within the gap of either end (the closed spans
 * `[started_at, ended_at]` and `[lo - gap, hi + gap]` overlap). Parameters: site, gap, gap. A lateral probe per
 * window on the GiST index `emission_events_span` (OFFSET 0 keeps it a probe), which finds the overlapping
 * events alone wherever the window falls in the sensor's history; as a plain join, the planner expected a
 * handful of windows and read every event of the site.
 */
const JOIN_EVENTS_TOUCHING = `CROSS JOIN LATERAL (SELECT * FROM alerting.emission_events e WHERE e.site_id = ?::uuid AND e.sensor_id = w.s
    AND tstzrange(e.started_at, e.ended_at, '[]') && tstzrange(w.lo - make_interval(secs => ?), w.hi + make_interval(secs => ?), '[]')
    OFFSET 0) e`;
const EVENT_COLUMNS = `e.id, e.sensor_id, ${microsOf('e.started_at')} AS started_us, ${microsOf('e.ended_at')} AS ended_us,
  ${microsOf('e.last_measured_at')} AS last_us`;

/** Stored readings of window `w`'s sensor with `lo <= measured_at <= hi`, probed on the primary key. Parameter: site. */
const JOIN_READINGS_IN_WINDOW = `CROSS JOIN LATERAL (SELECT * FROM alerting.rate_readings r WHERE r.site_id = ?::uuid AND r.sensor_id = w.s
    AND r.measured_at BETWEEN w.lo AND w.hi OFFSET 0) r`;
/** Stored readings of each window's sensor with `lo <= measured_at <= hi`. Parameters: windows, site. */
const READINGS_IN = `FROM ${WINDOWS} ${JOIN_READINGS_IN_WINDOW}`;
const READING_VALUES = `${microsOf('r.measured_at')} AS t_us, r.duration_s, trim_scale(r.rate_kg_h)::text AS rate_kg_h,
  trim_scale(r.mass_kg)::text AS mass_kg, trim_scale(r.threshold_kg_h)::text AS threshold_kg_h`;

type EventRow = { id: string; sensor_id: string; started_us: string; ended_us: string; last_us: string };
type ReadingRow = Omit<StoredRateReading, 'measured_at_us'> & { sensor_id: string; t_us: string };

function eventSpanOf(r: EventRow): EventSpan {
  return {
    id: r.id,
    sensor_id: r.sensor_id,
    started_at_us: Number(r.started_us),
    ended_at_us: Number(r.ended_us),
    last_measured_at_us: Number(r.last_us),
  };
}

function readingsBySensor(rows: readonly ReadingRow[]): Map<string, StoredRateReading[]> {
  const bySensor = new Map<string, StoredRateReading[]>();
  for (const { sensor_id, t_us, ...r } of rows) {
    const list = bySensor.get(sensor_id) ?? [];
    list.push({ ...r, measured_at_us: Number(t_us) });
    bySensor.set(sensor_id, list);
  }
  return bySensor;
}

/**
 * A select-list expression that takes the transaction-scoped advisory lock serialising the derivation of one
 * site's events, for the site in `siteIdSql`: two batches of the same site never derive overlapping windows
 * from snapshots that miss each other's readings. Every statement after the one that took it starts its
 * snapshot after every earlier derivation of the site committed.
 */
export function siteDerivationLock(siteIdSql: string): string {
  return `pg_advisory_xact_lock(hashtext('alerting.emission_events'), hashtext(${siteIdSql}))`;
}

/**
 * All SQL of `alerting.rate_readings` and `alerting.emission_events`. Every method takes the caller's
 * transactional entity manager: readings, events and alerts of one batch event commit with its inbox row.
 */
@Injectable()
export class EmissionEventsRepository {
  /**
   * Stores the batch's rate readings with the threshold they are judged by and, in the same statement, reads
   * the stored events touching the windows of all the batch's readings (`windowsOf` in SQL: a superset of
   * the windows of the readings not stored before) and what the derivation will read for the sensors it may
   * derive again (`ReadAhead`). Returns the readings not stored before, those events and the read-ahead. The
   * caller holds the site's derivation lock (`siteDerivationLock`, taken by an earlier statement), so this
   * statement's snapshot already holds every event and reading another derivation of the site committed; the
   * readings it stores itself are not in that snapshot and join the read-ahead from its RETURNING.
   */
  async insertReadingsAndReadEvents(
    em: EntityManager,
    siteId: string,
    eventId: string,
    thresholdKgH: string,
    readings: readonly AcceptedRateReading[],
  ): Promise<{ arrived: ArrivedRateReading[]; touched: EventSpan[]; ahead: ReadAhead }> {
    type Part = 'reading' | 'event' | 'ahead_reading' | 'coverage';
    type Row = EventRow & { part: Part; t_us: string; duration_s: number; rate_kg_h: string; mass_kg: string; threshold_kg_h: string };
    // Prepared: the statement's text is fixed, and parsing and planning it (with its arrays inlined, as
    // `em.execute` sends them) was paid on every batch with rate readings.
    const statement = readingsAndEventsStatement(siteId, eventId, thresholdKgH, readings);
    const rows = await preparedStatement<Row>(em, statement.text, statement.params);
    const arrived: ArrivedRateReading[] = [];
    const touched: EventSpan[] = [];
    const ahead = { coverage: new Map<string, { lo_us: number; hi_us: number }>(), stored: [] as ReadingRow[] };
    const arrivedRows: ReadingRow[] = [];
    for (const r of rows) {
      if (r.part === 'event') touched.push(eventSpanOf(r));
      else if (r.part === 'ahead_reading') ahead.stored.push(r);
      else if (r.part === 'coverage') ahead.coverage.set(r.sensor_id, { lo_us: Number(r.started_us), hi_us: Number(r.ended_us) });
      else {
        arrivedRows.push(r);
        arrived.push({
          sensor_id: r.sensor_id,
          measured_at_us: Number(r.t_us),
          duration_s: r.duration_s,
          rate_kg_h: r.rate_kg_h,
          threshold_kg_h: r.threshold_kg_h,
        });
      }
    }
    const coveredArrivals = arrivedRows.filter((r) => ahead.coverage.has(r.sensor_id));
    return {
      arrived,
      touched,
      ahead: { coverage: ahead.coverage, readings: readingsBySensor([...ahead.stored, ...coveredArrivals]) },
    };
  }

  /** The derivation's store on this transaction (see `EmissionEventStore`). */
  storeFor(em: EntityManager, siteId: string): EmissionEventStore {
    return { readingsIn: (windows) => this.readingsIn(em, siteId, windows) };
  }

  private async readingsIn(
    em: EntityManager,
    siteId: string,
    windows: readonly SensorWindow[],
  ): Promise<ReadonlyMap<string, readonly StoredRateReading[]>> {
    const rows = await em.execute<ReadingRow[]>(
      `SELECT r.sensor_id, ${READING_VALUES} ${READINGS_IN}`,
      [...windowParams(windows), siteId],
      'all',
    );
    return readingsBySensor(rows);
  }

  /**
   * Writes `change` as two data-modifying CTEs (`events_removed`, `events_upserted`) for a statement that
   * also raises the alerts (`SuperEmitterAlertsRepository.raiseFor`), one round trip: the derived events are
   * upserted by id (an id is a function of site, sensor and start, so an event that kept its start is updated
   * in place) and the touched events not derived again are deleted. The two touch disjoint rows, and no
   * derived event can collide with a deleted one on `(site_id, sensor_id, started_at)`: that would be the
   * same id. The CTEs run to completion whatever the rest of the statement reads.
   */
  changeStatement(siteId: string, change: EmissionEventsChange): { ctes: string; params: (string | number)[] } {
    const added = change.derived;
    return {
      ctes: `events_removed AS (
         DELETE FROM alerting.emission_events WHERE site_id = ?::uuid AND id = ANY(?::uuid[]) AND NOT id = ANY(?::uuid[])
       ),
       events_upserted AS (
         INSERT INTO alerting.emission_events (site_id, id, sensor_id, started_at, ended_at, last_measured_at, peak_rate_kg_h, mass_kg, readings)
         SELECT ?::uuid, e.* FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::numeric[], ?::numeric[], ?::integer[])
           AS e(id, s, st, en, la, peak, mass, n)
         ON CONFLICT (site_id, id) DO UPDATE SET ended_at = excluded.ended_at, last_measured_at = excluded.last_measured_at,
           peak_rate_kg_h = excluded.peak_rate_kg_h, mass_kg = excluded.mass_kg, readings = excluded.readings
       )`,
      params: [
        siteId,
        arrayLiteral(change.removedIds),
        arrayLiteral(added.map((e) => e.id)),
        siteId,
        arrayLiteral(added.map((e) => e.id)),
        arrayLiteral(added.map((e) => e.sensor_id)),
        arrayLiteral(added.map((e) => isoOfMicros(e.started_at_us))),
        arrayLiteral(added.map((e) => isoOfMicros(e.ended_at_us))),
        arrayLiteral(added.map((e) => isoOfMicros(e.last_measured_at_us))),
        arrayLiteral(added.map((e) => e.peak_rate_kg_h)),
        arrayLiteral(added.map((e) => e.mass_kg)),
        arrayLiteral(added.map((e) => e.readings)),
      ],
    };
  }

  /** Writes `change` on its own (when it raises no alert: nothing was derived). */
  async write(em: EntityManager, siteId: string, change: EmissionEventsChange): Promise<void> {
    if (change.removedIds.length === 0 && change.derived.length === 0) return;
    const { ctes, params } = this.changeStatement(siteId, change);
    await preparedStatement(em, `WITH ${ctes} SELECT 1`, params);
  }
}

/** The statement of `insertReadingsAndReadEvents` (exported for its plan test). */
export function readingsAndEventsStatement(
  siteId: string,
  eventId: string,
  thresholdKgH: string,
  readings: readonly AcceptedRateReading[],
): { text: string; params: (string | number)[] } {
  return {
    text: `WITH batch AS MATERIALIZED (
           SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::integer[], ?::numeric[], ?::numeric[]) AS r(s, t, d, rate, m)
         ),
         arrived AS (
           INSERT INTO alerting.rate_readings (site_id, sensor_id, measured_at, duration_s, rate_kg_h, mass_kg, threshold_kg_h, event_id)
           SELECT ?::uuid, r.s, r.t, r.d, r.rate, r.m, ?::numeric, ? FROM batch r
           ON CONFLICT DO NOTHING
           RETURNING sensor_id, ${microsOf('measured_at')} AS t_us, duration_s, trim_scale(rate_kg_h)::text AS rate_kg_h,
             trim_scale(mass_kg)::text AS mass_kg, trim_scale(threshold_kg_h)::text AS threshold_kg_h
         ),
         batch_windows AS MATERIALIZED (
           SELECT s, min(t) AS lo, max(t + make_interval(secs => d)) AS hi, bool_or(rate >= ?::numeric) AS hot FROM batch GROUP BY s
         ),
         touching AS MATERIALIZED (SELECT e.*, w.s FROM batch_windows AS w ${JOIN_EVENTS_TOUCHING}),
         coverage AS MATERIALIZED (
           SELECT w.s, least(w.lo, min(e.started_at)) AS lo, greatest(w.hi, max(e.last_measured_at)) AS hi
           FROM batch_windows w LEFT JOIN touching e ON e.s = w.s
           WHERE w.hot OR e.id IS NOT NULL
           GROUP BY w.s, w.lo, w.hi
         )
         SELECT 'reading' AS part, NULL::uuid AS id, sensor_id, NULL AS started_us, NULL AS ended_us, NULL AS last_us, t_us, duration_s,
           rate_kg_h, mass_kg, threshold_kg_h FROM arrived
         UNION ALL
         SELECT 'event', ${EVENT_COLUMNS}, NULL, NULL, NULL, NULL, NULL FROM touching e
         UNION ALL
         SELECT 'ahead_reading', NULL, r.sensor_id, NULL, NULL, NULL, ${READING_VALUES}
         FROM coverage w ${JOIN_READINGS_IN_WINDOW}
         UNION ALL
         SELECT 'coverage', NULL, w.s, ${microsOf('w.lo')}, ${microsOf('w.hi')}, NULL, NULL, NULL, NULL, NULL, NULL FROM coverage w`,
    params: [
      arrayLiteral(readings.map((r) => r.sensor_id)),
      arrayLiteral(readings.map((r) => r.measured_at)),
      arrayLiteral(readings.map((r) => r.duration_s)),
      arrayLiteral(readings.map((r) => r.rate_kg_h)),
      arrayLiteral(readings.map((r) => r.mass_kg)),
      siteId,
      thresholdKgH,
      eventId,
      thresholdKgH,
      siteId,
      GAP_S,
      GAP_S,
      siteId,
    ],
  };
}
