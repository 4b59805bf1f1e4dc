import { randomInt, randomUUID } from 'node:crypto';
import { IngestResponseSchema } from '@emissions/contracts';
import { type Attempt, type AttemptOutcome, sendIngest } from './ingest-attempt';

export type AckedBatch = { key: string; siteId: string; batchId: string; readingsAccepted: number; rates: boolean };

export type LoadReport = {
  acknowledged: AckedBatch[];
  /** Batches whose key never got a 201 within the retry bound. */
  unacknowledged: number;
  requests: number;
  retries: number;
  replays: number;
  /** Outcome of every attempt: "201", "503", "network", "aborted"… */
  outcomes: Record<string, number>;
  /** Answers a well-behaved client must never get: anything but 201, or a 503/409/429 problem with Retry-After. */
  unexpected: string[];
};

export type LoadOptions = {
  baseUrl: string;
  /** The operator key every attempt presents. */
  adminKey: string;
  siteIds: string[];
  clients?: number;
  durationMs: number;
  /** Keep sending until `fault` has finished too, however long it takes (a fault that needs traffic throughout). */
  untilFaultEnds?: boolean;
  /** Share of attempts the client abandons after a random 1–40 ms (a response dropped on the way back). */
  abortChance?: number;
  /** The scenario kills the gateway: network errors are retried like 503s instead of being reported. */
  gatewayMayBeDown?: boolean;
  /** How many of the clients send v2 rate batches (see `newRateBatch`) instead of v1 masses; none by default. */
  rateClients?: number;
};

const READINGS = 100;
const GIVE_UP_MS = 90_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** 100 readings no other batch of the run shares: the sensor is the client's, the timestamps the batch's. */
function newBatch(siteId: string, client: string, seq: number, base: number) {
  const readings = Array.from({ length: READINGS }, (_, i) => ({
    timestamp: new Date(base - (seq * READINGS + i) * 1000).toISOString(),
    value: `${randomInt(0, 100_000) / 1000}`,
    sensor_id: client,
  }));
  return { key: randomUUID(), body: { site_id: siteId, readings } };
}

/** The rate of the one super-emitter reading of a rate batch, and of the others (kg/h; the threshold is 100). */
export const SUPER_EMITTER_RATE = '150';
const ORDINARY_RATE = '60';

/** Seconds between the starts of a sensor's rate batches: one after the other, so its events chain within the 3600 s gap. */
const RATE_BATCH_SPACING_S = 100;

/**
 * 100 one-second rate readings of the client's sensor, the earliest of them at a super-emitter rate and the 99
 * after it below the threshold: every rate batch holds exactly one emission event of its own, whatever other
 * batches of that sensor reach the same site and in whatever order (a below-threshold reading ends each event).
 * A sensor's events follow each other 100 s apart, one chain within the 3600 s gap, which the derivation must not
 * read whole on every batch (ADR-24).
 */
function newRateBatch(siteId: string, client: string, seq: number, base: number) {
  const readings = Array.from({ length: READINGS }, (_, i) => ({
    sensor_id: client,
    measured_at: new Date(base - (seq * RATE_BATCH_SPACING_S + i) * 1000).toISOString(),
    value: i === READINGS - 1 ? SUPER_EMITTER_RATE : ORDINARY_RATE,
    unit: 'kg/h',
    duration_s: 1,
  }));
  return { key: randomUUID(), body: { site_id: siteId, readings } };
}

function backoffMs(outcome: AttemptOutcome, attempt: number): number {
  if (outcome.retryAfterS !== undefined) return Math.min(outcome.retryAfterS, 5) * 1000 + randomInt(0, 200);
  if (outcome.kind === 'aborted') return randomInt(0, 20);
  return Math.min(100 * 2 ** attempt, 2000);
}

/** Sends one batch with the same key and payload until it is acknowledged (or the bound is hit). */
async function deliver(attempt: Attempt, report: LoadReport): Promise<void> {
  const until = Date.now() + GIVE_UP_MS;
  for (let n = 0; Date.now() < until; n++) {
    if (n > 0) report.retries++;
    report.requests++;
    const outcome = await sendIngest(attempt);
    report.outcomes[outcome.label] = (report.outcomes[outcome.label] ?? 0) + 1;
    if (outcome.unexpected) report.unexpected.push(outcome.unexpected);
    if (outcome.kind === 'acknowledged') {
      const body = IngestResponseSchema.parse(outcome.body);
      if (outcome.replayed) report.replays++;
      report.acknowledged.push({
        key: attempt.key,
        siteId: body.site_id,
        batchId: body.batch_id,
        readingsAccepted: body.readings_accepted,
        rates: attempt.path === '/api/v2/ingest',
      });
      return;
    }
    if (outcome.kind === 'rejected') return;
    await sleep(backoffMs(outcome, n));
  }
  report.unacknowledged++;
}

/**
 * Runs `clients` concurrent devices for `durationMs` (and, with `untilFaultEnds`, until `fault` is done), each
 * sending 100-reading batches with unique keys to random sites and retrying every batch until it is
 * acknowledged; `fault` runs alongside.
 */
export async function runLoad(options: LoadOptions, fault: () => Promise<void> = async () => {}): Promise<LoadReport> {
  const report: LoadReport = { acknowledged: [], unacknowledged: 0, requests: 0, retries: 0, replays: 0, outcomes: {}, unexpected: [] };
  const stopAt = Date.now() + options.durationMs;
  let faultRunning = true;
  const faultRun = fault().finally(() => {
    faultRunning = false;
  });
  const sending = () => Date.now() < stopAt || (options.untilFaultEnds === true && faultRunning);
  const base = Date.now() - 3_600_000;
  const run = randomUUID().slice(0, 8);
  const client = async (c: number) => {
    for (let seq = 0; sending(); seq++) {
      const siteId = options.siteIds[randomInt(0, options.siteIds.length)];
      const rates = c < (options.rateClients ?? 0);
      const batch = (rates ? newRateBatch : newBatch)(siteId, `fault-${run}-c${c}`, seq, base);
      const attempt = {
        baseUrl: options.baseUrl,
        adminKey: options.adminKey,
        ...batch,
        abortChance: options.abortChance ?? 0,
        path: rates ? '/api/v2/ingest' : '/api/v1/ingest',
      };
      await deliver({ ...attempt, gatewayMayBeDown: options.gatewayMayBeDown }, report);
    }
  };
  const clients = Array.from({ length: options.clients ?? 6 }, (_, c) => client(c));
  await Promise.all([...clients, faultRun]);
  return report;
}

/** One-line figures for the run's log. */
export function describeLoad(report: LoadReport): string {
  const outcomes = Object.entries(report.outcomes)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `requests=${report.requests} acknowledged=${report.acknowledged.length} retries=${report.retries} replays=${report.replays} unacknowledged=${report.unacknowledged} [${outcomes}]`;
}
