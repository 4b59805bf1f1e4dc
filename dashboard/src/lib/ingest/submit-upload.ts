import { ExactDecimal, type IngestResponse } from '@emissions/contracts';
import type { IngestV2Body } from '$lib/api/api.client';
import { resolveSubmissionKey } from './pending-submission.store';
import { isDefinitive, type SubmissionOutcome, type SubmitBatchDeps, sendUntilAnswered } from './submit-batch';

/** The most readings one ingest request may carry (the contract's limit). */
export const READINGS_PER_BATCH = 100;

export interface UploadProgress {
  /** 0-based batch number and how many batches the upload has. */
  index: number;
  count: number;
  outcome: SubmissionOutcome;
}

export interface UploadOutcome {
  batches: SubmissionOutcome[];
  /** How many batches the upload has; fewer outcomes mean it stopped at an unconfirmed one. */
  count: number;
}

export function splitIntoBatches(body: IngestV2Body, size = READINGS_PER_BATCH): IngestV2Body[] {
  const batches: IngestV2Body[] = [];
  for (let at = 0; at < body.readings.length; at += size)
    batches.push({ site_id: body.site_id, readings: body.readings.slice(at, at + size) });
  return batches;
}

/**
 * Each batch's Idempotency-Key, derived from the upload's one stored key: a retry of the upload (even after
 * a reload) sends every batch under the key it had, so batches already stored are replayed, never doubled.
 */
export function batchKey(uploadKey: string, index: number, count: number): string {
  return count === 1 ? uploadKey : `${uploadKey}-${index + 1}`;
}

/**
 * Sends any number of readings as batches of 100, one after another. The upload (all its readings and its
 * key) stays stored until every batch has a definitive answer; it stops at a batch that stays unconfirmed.
 */
export async function submitUpload(
  input: { body: IngestV2Body; simulateUnreliableNetwork?: boolean },
  deps: SubmitBatchDeps & { onBatchAnswered?: (progress: UploadProgress) => void },
): Promise<UploadOutcome> {
  const { pending, reused } = resolveSubmissionKey(deps.store, input.body, deps.newKey ?? (() => crypto.randomUUID()));
  const batches = splitIntoBatches(input.body);
  const outcomes: SubmissionOutcome[] = [];
  for (const [index, batch] of batches.entries()) {
    const dropFirst = input.simulateUnreliableNetwork === true && !reused && index === 0;
    const outcome = await sendUntilAnswered(batch, batchKey(pending.idempotencyKey, index, batches.length), dropFirst, deps);
    outcomes.push(outcome);
    deps.onBatchAnswered?.({ index, count: batches.length, outcome });
    if (!isDefinitive(outcome)) return { batches: outcomes, count: batches.length };
  }
  deps.store.clear(input.body.site_id);
  return { batches: outcomes, count: batches.length };
}

export interface UploadSummary {
  received: number;
  accepted: number;
  duplicate: number;
  conflicting: number;
  /** Conflicts with their row number in the whole upload (1-based). */
  conflicts: Array<IngestResponse['conflicts'][number] & { row: number }>;
  /** The answer carrying the highest total (totals only grow): the site's figures after the upload. */
  latest: IngestResponse | null;
  replayedAll: boolean;
  rejected: number[];
  unconfirmed: boolean;
}

export function summarizeUpload(upload: UploadOutcome): UploadSummary {
  const summary: UploadSummary = {
    received: 0,
    accepted: 0,
    duplicate: 0,
    conflicting: 0,
    conflicts: [],
    latest: null,
    replayedAll: upload.batches.length > 0,
    rejected: [],
    unconfirmed: upload.batches.length < upload.count || upload.batches.some((b) => b.kind === 'unconfirmed'),
  };
  upload.batches.forEach((outcome, index) => {
    if (outcome.kind === 'rejected') summary.rejected.push(index + 1);
    if (outcome.kind !== 'already-saved') summary.replayedAll = false;
    if (outcome.kind !== 'saved' && outcome.kind !== 'already-saved') return;
    const r = outcome.response;
    summary.received += r.readings_received;
    summary.accepted += r.readings_accepted;
    summary.duplicate += r.readings_duplicate;
    summary.conflicting += r.readings_conflicting;
    summary.conflicts.push(...r.conflicts.map((c) => ({ ...c, row: index * READINGS_PER_BATCH + c.index + 1 })));
    if (!summary.latest || new ExactDecimal(r.total_emissions_to_date).gte(summary.latest.total_emissions_to_date)) summary.latest = r;
  });
  return summary;
}

export type UploadVerdict = { tone: 'ok' | 'warn' | 'error'; kind: string; headline: string };

/** What happened, said plainly: green only when readings were stored and nothing was refused or kept as it was. */
export function uploadVerdict(s: UploadSummary): UploadVerdict {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (s.unconfirmed) return { tone: 'error', kind: 'unconfirmed', headline: 'Not confirmed yet' };
  if (s.rejected.length) return { tone: 'error', kind: 'rejected', headline: `Batch ${s.rejected.join(', ')} refused` };
  if (s.conflicting > 0)
    return {
      tone: 'warn',
      kind: 'conflicts',
      headline: `${plural(s.accepted, 'reading')} saved; ${plural(s.conflicting, 'reading')} conflict with stored values, which were kept`,
    };
  if (s.accepted === 0) return { tone: 'warn', kind: 'nothing-new', headline: 'Nothing new was saved: every reading was already stored' };
  if (s.replayedAll) return { tone: 'ok', kind: 'already-saved', headline: 'Already saved — nothing was duplicated' };
  return { tone: 'ok', kind: 'saved', headline: 'Saved' };
}
