import { waitFor } from '@emissions/testing';
import { randomUUID } from 'node:crypto';
import {
  type AcceptedRateReading,
  AlertingPatterns,
  type BatchIngestedV1,
  CreatedWebhookSchema,
  type EmissionEvent,
  EmissionEventListSchema,
  WebhookPayloadSchema,
} from '@emissions/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RecordBatchIngestedHandler } from '../../src/alerts/commands/record-batch-ingested.handler';
import { EmissionEventsRepository } from '../../src/emission-events/emission-events.repository';
import { type AlertingHarness, newBatchIngestedEvent, rpcClient, startAlerting } from '../support/alerting.harness';
import { WebhookReceiver } from '../support/webhook-receiver';

const HOUR = 3_600_000;
/** Readings from five hours ago on: their events are closed unless a test says otherwise. */
const T0 = Math.floor((Date.now() - 5 * HOUR) / 60_000) * 60_000;
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString().replace('.000Z', 'Z');

function rate(sensor_id: string, minute: number, rate_kg_h: string, duration_s = 600, mass_kg = '1'): AcceptedRateReading {
  return { sensor_id, measured_at: at(minute), duration_s, rate_kg_h, mass_kg };
}

/**
 * A batch event of `siteId` carrying rate readings; totals far below the limit (no limit alert). Committed
 * long ago, so its alerts sort after those of other spec files, which list the newest alerts of all sites.
 */
function rateBatch(site_id: string, rate_readings: AcceptedRateReading[], overrides: Partial<BatchIngestedV1> = {}): BatchIngestedV1 {
  return newBatchIngestedEvent({
    site_id,
    committed_at: '2001-01-01T00:00:00Z',
    total_before: '0',
    total_after: '1',
    emission_limit: '1000000',
    rate_readings,
    super_emitter_kg_h: '100',
    ...overrides,
  });
}

type SuperEmitterAlert = { id: string; severity: string; sensor_id: string; event_started_at: string; emission_event_id: string };

describe('emission events and super_emitter alerts', () => {
  let h: AlertingHarness;
  let rpc: ReturnType<typeof rpcClient>;
  let record: RecordBatchIngestedHandler;

  beforeAll(async () => {
    h = await startAlerting({ env: { WEBHOOK_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8', WEBHOOK_SWEEP_MS: '1000', LOG_LEVEL: 'error' } });
    rpc = rpcClient(h);
    record = h.moduleRef.get(RecordBatchIngestedHandler);
  });
  afterAll(async () => {
    rpc?.close();
    await h?.close();
  });

  const eventsOf = async (siteId: string): Promise<EmissionEvent[]> =>
    EmissionEventListSchema.parse(await rpc.call(AlertingPatterns.listEmissionEvents, { site_id: siteId })).data;
  const superEmitterAlerts = async (siteId: string) =>
    (
      await h.db.query<SuperEmitterAlert>(
        `SELECT id, severity, sensor_id, to_char(event_started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS event_started_at,
           emission_event_id FROM alerting.alerts WHERE site_id = $1 AND type = 'super_emitter' ORDER BY event_started_at, sensor_id`,
        [siteId],
      )
    ).rows;

  async function finished(jobIds: string[]): Promise<void> {
    await waitFor(
      async () => (await Promise.all(jobIds.map((id) => h.queue.getJobState(id)))).every((s) => s === 'completed' || s === 'failed'),
      `jobs ${jobIds.join(', ')}`,
      25_000,
    );
  }

  it('derives the events of a batch and raises one critical alert per event, once, however often the job is delivered', async () => {
    const receiver = await WebhookReceiver.start();
    const hook = CreatedWebhookSchema.parse(
      await rpc.call(AlertingPatterns.createWebhook, { url: receiver.url, event_types: ['alert.raised'] }),
    );
    receiver.secret = hook.secret;
    try {
      const site = randomUUID();
      const batch = rateBatch(site, [
        rate('stack', 0, '150', 600, '25'),
        rate('stack', 10, '420.5', 600, '70.083333'),
        rate('stack', 20, '40', 600, '6.666667'),
        rate('stack', 30, '100', 600, '16.666667'),
        rate('flare', 0, '99.999999', 600, '16.666667'),
      ]);
      const ids = [`outbox-${batch.event_id}`, `redelivered-${batch.event_id}`, `again-${batch.event_id}`];
      for (const jobId of ids) await h.queue.add('batch.ingested', batch, { jobId });
      await finished(ids);

      const events = await eventsOf(site);
      expect(events).toEqual([
        expect.objectContaining({
          sensor_id: 'stack',
          started_at: at(30),
          ended_at: at(40),
          peak_rate_kg_h: '100',
          mass_kg: '16.666667',
          readings: 1,
          open: false,
        }),
        expect.objectContaining({
          sensor_id: 'stack',
          started_at: at(0),
          ended_at: at(20),
          peak_rate_kg_h: '420.5',
          mass_kg: '95.083333',
          readings: 2,
          open: false,
        }),
      ]);
      const alerts = await superEmitterAlerts(site);
      expect(alerts).toEqual([
        expect.objectContaining({ severity: 'critical', sensor_id: 'stack', event_started_at: at(0), emission_event_id: events[1].id }),
        expect.objectContaining({ severity: 'critical', sensor_id: 'stack', event_started_at: at(30), emission_event_id: events[0].id }),
      ]);
      const outcomes = await Promise.all(ids.map(async (id) => (await h.queue.getJob(id))?.returnvalue));
      expect(outcomes.filter((o) => o.duplicate)).toHaveLength(2);
      expect(outcomes.find((o) => !o.duplicate)).toEqual({ duplicate: false, alertRaised: false, superEmitterAlertsRaised: 2 });

      // One signed webhook delivery per alert, each naming its emission event.
      const received = await waitFor(async () => receiver.receipts.length >= 2 && receiver.receipts, 'two webhook deliveries', 20_000);
      const alertIds = received
        .map((r) => WebhookPayloadSchema.parse(JSON.parse(r.body)).data.alert)
        .map((a) => [a.type, a.emission_event_id]);
      expect(alertIds.sort()).toEqual(
        [
          ['super_emitter', events[0].id],
          ['super_emitter', events[1].id],
        ].sort(),
      );
      expect(received.every((r) => r.signatureValid)).toBe(true);
      expect(new Set(received.map((r) => r.deliveryId)).size).toBe(2);
    } finally {
      await rpc.call(AlertingPatterns.deleteWebhook, { id: hook.id });
      await receiver.stop();
    }
  });

  it('merges two events when a late reading fills the gap: both alerts stay and point at the merged event', async () => {
    const site = randomUUID();
    await record.execute(rateBatch(site, [rate('stack', 0, '150', 600), rate('stack', 130, '150', 600)]));
    const before = await eventsOf(site);
    expect(before).toHaveLength(2);
    await record.execute(rateBatch(site, [rate('stack', 60, '300', 600)]));

    const after = await eventsOf(site);
    expect(after).toEqual([
      expect.objectContaining({ started_at: at(0), ended_at: at(140), readings: 3, mass_kg: '3', peak_rate_kg_h: '300' }),
    ]);
    const alerts = await superEmitterAlerts(site);
    expect(alerts.map((a) => [a.event_started_at, a.emission_event_id])).toEqual([
      [at(0), after[0].id],
      [at(130), after[0].id],
    ]);
  });

  it('splits an event at a late below-threshold reading and raises an alert for the part without one', async () => {
    const site = randomUUID();
    await record.execute(rateBatch(site, [rate('stack', 0, '150'), rate('stack', 10, '150'), rate('stack', 20, '150')]));
    await record.execute(rateBatch(site, [rate('stack', 15, '20', 60)]));

    const events = await eventsOf(site);
    expect(events.map((e) => [e.started_at, e.readings])).toEqual([
      [at(20), 1],
      [at(0), 2],
    ]);
    const alerts = await superEmitterAlerts(site);
    expect(alerts.map((a) => [a.event_started_at, a.emission_event_id])).toEqual([
      [at(0), events[1].id],
      [at(20), events[0].id],
    ]);
  });

  it('derives one event from two batches of one site processed at the same moment (the site lock orders them)', async () => {
    for (let round = 0; round < 5; round++) {
      const site = randomUUID();
      await Promise.all([
        record.execute(rateBatch(site, [rate('stack', 0, '150'), rate('stack', 20, '150')])),
        record.execute(rateBatch(site, [rate('stack', 10, '150'), rate('stack', 30, '150')])),
      ]);
      expect((await eventsOf(site)).map((e) => [e.started_at, e.readings])).toEqual([[at(0), 4]]);
      expect(await superEmitterAlerts(site)).toHaveLength(1);
    }
  });

  it('shows an event as open while its sensor is still emitting, and closed once a quiet reading follows', async () => {
    const site = randomUUID();
    const recent = (minutesAgo: number, rate_kg_h: string): AcceptedRateReading => ({
      sensor_id: 'stack',
      measured_at: new Date(Math.floor(Date.now() / 1000) * 1000 - minutesAgo * 60_000).toISOString(),
      duration_s: 60,
      rate_kg_h,
      mass_kg: '1',
    });
    await record.execute(rateBatch(site, [recent(10, '500')]));
    expect((await eventsOf(site)).map((e) => e.open)).toEqual([true]);
    await record.execute(rateBatch(site, [recent(5, '10')]));
    expect((await eventsOf(site)).map((e) => e.open)).toEqual([false]);
  });

  it('derives a batch at the end of a chain of events from what its insert read ahead, not the chain again', async () => {
    const site = randomUUID();
    // Two days of a sensor crossing the threshold every hour: 48 events, each within 3600 s of the next.
    const chain = Array.from({ length: 48 }, (_, k) => [rate('stack', -3000 + k * 60, '150'), rate('stack', -2970 + k * 60, '10')]);
    await record.execute(rateBatch(site, chain.flat()));
    expect(await eventsOf(site)).toHaveLength(48);

    const repository = h.moduleRef.get(EmissionEventsRepository);
    const storeFor = repository.storeFor.bind(repository);
    const windowsRead: unknown[] = [];
    // Observes the derivation's own reads (each still goes to PostgreSQL).
    const observed = vi.spyOn(repository, 'storeFor').mockImplementation((em, siteId) => {
      const store = storeFor(em, siteId);
      return {
        readingsIn: (windows) => {
          windowsRead.push(...windows);
          return store.readingsIn(windows);
        },
      };
    });
    try {
      await record.execute(rateBatch(site, [rate('stack', -120, '150'), rate('stack', -100, '150')]));
    } finally {
      observed.mockRestore();
    }
    expect(windowsRead).toEqual([]);
    const events = await eventsOf(site);
    expect(events).toHaveLength(49);
    const atOnce = randomUUID();
    await record.execute(rateBatch(atOnce, [...chain.flat(), rate('stack', -120, '150'), rate('stack', -100, '150')]));
    const withoutSite = (list: EmissionEvent[]) => list.map(({ site_id: _s, id: _i, ...e }) => e);
    expect(withoutSite(events)).toEqual(withoutSite(await eventsOf(atOnce)));
  });

  it('derives identical events in PostgreSQL for in-order, reversed and randomly re-batched arrival', async () => {
    const readingArb = fc.record({
      sensor_id: fc.constantFrom('stack', 'flare'),
      slot: fc.integer({ min: 0, max: 40 }),
      duration_s: fc.constantFrom(1, 600, 3600, 7200, 36_000),
      rate_kg_h: fc.constantFrom('0', '99.999999', '100', '250.5'),
      mass_kg: fc.constantFrom('0.000278', '1.5', '100.000001'),
    });
    const readingsArb = fc
      .uniqueArray(readingArb, { minLength: 1, maxLength: 25, selector: (r) => `${r.sensor_id}/${r.slot}` })
      .map((rs) => rs.map(({ slot, ...r }) => ({ ...r, measured_at: at(slot * 5) })));
    const comparable = (events: EmissionEvent[]) =>
      events
        .map(({ id: _id, site_id: _site, ...e }) => e)
        .sort((a, b) => `${a.sensor_id}${a.started_at}`.localeCompare(`${b.sensor_id}${b.started_at}`));
    const arrive = async (batches: AcceptedRateReading[][]) => {
      const site = randomUUID();
      for (const batch of batches) await record.execute(rateBatch(site, batch));
      return { events: comparable(await eventsOf(site)), alerts: (await superEmitterAlerts(site)).length };
    };

    await fc.assert(
      fc.asyncProperty(readingsArb, fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 25 }), async (readings, sizes) => {
        const inOrder = [...readings].sort((a, b) => a.measured_at.localeCompare(b.measured_at));
        const rebatched: AcceptedRateReading[][] = [];
        const shuffled = [...readings].sort((a, b) => (a.mass_kg + a.sensor_id).localeCompare(b.mass_kg + b.sensor_id));
        for (let i = 0, k = 0; i < shuffled.length; k++) {
          rebatched.push(shuffled.slice(i, i + sizes[k % sizes.length]));
          i += sizes[k % sizes.length];
        }
        const once = await arrive([inOrder]);
        expect((await arrive(inOrder.map((r) => [r]))).events).toEqual(once.events);
        expect((await arrive([...inOrder].reverse().map((r) => [r]))).events).toEqual(once.events);
        expect((await arrive(rebatched)).events).toEqual(once.events);
        // Arrived at once, every event has exactly one alert.
        expect(once.alerts).toBe(once.events.length);
      }),
      { numRuns: 12 },
    );
  });
});
