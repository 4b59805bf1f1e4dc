import type { Pool } from 'pg';

export type PipelineState = { outboxEvents: number; unpublished: number; processed: number; alerts: number };

export type SiteFigures = {
  siteId: string;
  total: string;
  readingsSum: string;
  measurementCount: number;
  readingsCount: number;
  overLimit: boolean;
  alerts: number;
};

export type StoredBatch = { batchId: string; siteId: string; key: string; measurements: number };

/** Outbox and alerting figures of the run's database. */
export async function pipelineState(db: Pool): Promise<PipelineState> {
  const { rows } = await db.query<PipelineState>(`
    SELECT (SELECT count(*) FROM outbox_events)::int AS "outboxEvents",
           (SELECT count(*) FROM outbox_events WHERE published_at IS NULL)::int AS unpublished,
           (SELECT count(*) FROM alerting.processed_events)::int AS processed,
           (SELECT count(*) FROM alerting.alerts WHERE type = 'limit_exceeded')::int AS alerts`);
  return rows[0];
}

/**
 * Waits until the relay has published every outbox row, the alerting worker has handled as many events as
 * exist, and the alert count has stopped changing for a second. Bounded: gives up after `timeoutMs`, or
 * after `stallMs` without any progress (a dead relay). `stallMs` outlasts the slowest designed recovery: a job
 * that was active when alerting was SIGKILLed is handed out again only once its BullMQ lock (30 s) has expired
 * and the next stalled-job check (every 30 s) has run, so up to a minute passes with no visible progress.
 * Returns how long it waited.
 */
export async function settlePipeline(
  db: Pool,
  timeoutMs = 90_000,
  stallMs = 70_000,
): Promise<{ settleMs: number; publishedMs: number | null; state: PipelineState }> {
  const started = Date.now();
  let publishedMs: number | null = null;
  let last = await pipelineState(db);
  let changedAt = Date.now();
  while (Date.now() - started < timeoutMs && Date.now() - changedAt < stallMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await pipelineState(db);
    if (now.alerts !== last.alerts || now.processed !== last.processed || now.unpublished !== last.unpublished) changedAt = Date.now();
    last = now;
    if (publishedMs === null && now.unpublished === 0) publishedMs = Date.now() - started;
    const drained = now.unpublished === 0 && now.processed >= now.outboxEvents;
    if (drained && Date.now() - changedAt >= 1000) break;
  }
  return { settleMs: Date.now() - started, publishedMs, state: last };
}

/** Ids of the outbox rows not yet marked published. */
export async function unpublishedEventIds(db: Pool): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id::text AS id FROM outbox_events WHERE published_at IS NULL');
  return rows.map((r) => r.id);
}

/** Every stored batch with the number of measurement rows that carry its id. */
export async function storedBatches(db: Pool): Promise<StoredBatch[]> {
  const { rows } = await db.query<StoredBatch>(`
    SELECT b.id::text AS "batchId", b.site_id::text AS "siteId", b.idempotency_key AS key, coalesce(m.n, 0)::int AS measurements
    FROM ingestion_batches b
    LEFT JOIN (SELECT batch_id, count(*) AS n FROM measurements GROUP BY batch_id) m ON m.batch_id = b.id`);
  return rows;
}

/** Measurement rows whose batch id matches no stored batch. */
export async function orphanMeasurements(db: Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM measurements m WHERE NOT EXISTS (SELECT 1 FROM ingestion_batches b WHERE b.id = m.batch_id)',
  );
  return rows[0].n;
}

/** Each site's summary next to the sum and count of its stored readings, and its limit_exceeded alerts. */
export async function siteFigures(db: Pool): Promise<SiteFigures[]> {
  const { rows } = await db.query<SiteFigures>(`
    SELECT s.id::text AS "siteId", trim_scale(s.total_emissions)::text AS total,
           trim_scale(coalesce(m.total, 0))::text AS "readingsSum",
           s.measurement_count::int AS "measurementCount", coalesce(m.n, 0)::int AS "readingsCount",
           s.total_emissions > s.emission_limit AS "overLimit", coalesce(a.n, 0)::int AS alerts
    FROM sites s
    LEFT JOIN (SELECT site_id, sum(value) AS total, count(*) AS n FROM measurements GROUP BY site_id) m ON m.site_id = s.id
    LEFT JOIN (SELECT site_id, count(*) AS n FROM alerting.alerts WHERE type = 'limit_exceeded' GROUP BY site_id) a ON a.site_id = s.id`);
  return rows;
}

/** Outbox events that do not have exactly one row in the alerting inbox, and inbox rows with no event. */
export async function inboxMismatches(db: Pool): Promise<{ unprocessed: number; unknown: number }> {
  const { rows } = await db.query<{ unprocessed: number; unknown: number }>(`
    SELECT (SELECT count(*) FROM outbox_events o
             WHERE NOT EXISTS (SELECT 1 FROM alerting.processed_events p WHERE p.event_id = o.id::text))::int AS unprocessed,
           (SELECT count(*) FROM alerting.processed_events p
             WHERE NOT EXISTS (SELECT 1 FROM outbox_events o WHERE o.id::text = p.event_id))::int AS unknown`);
  return rows[0];
}

/** Row counts of the ingestion tables, to prove a run wrote nothing. */
export async function rowCounts(db: Pool): Promise<Record<string, number>> {
  const { rows } = await db.query<Record<string, number>>(`
    SELECT (SELECT count(*) FROM sites)::int AS sites, (SELECT count(*) FROM ingestion_batches)::int AS ingestion_batches,
           (SELECT count(*) FROM measurements)::int AS measurements, (SELECT count(*) FROM outbox_events)::int AS outbox_events`);
  return rows[0];
}
