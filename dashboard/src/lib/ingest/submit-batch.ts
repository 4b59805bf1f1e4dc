import type { IngestResponse } from '@emissions/contracts';
import type { ApiClient, IngestV2Body } from '$lib/api/api.client';
import { ApiProblemError } from '$lib/api/api-errors';
import { type PendingSubmissionStore, resolveSubmissionKey } from './pending-submission.store';
import { backoffDelayMs, type BackoffOptions, DEFAULT_BACKOFF, isRetryable, retryAfterOf } from './retry-policy';

/** Header the gateway honours only when started with DEMO_FAULTS=true: commit, then drop the answer. */
export const DEMO_DROP_RESPONSE_HEADER = 'X-Demo-Drop-Response';

export interface AttemptReport {
  attempt: number;
  error: unknown;
  /** Milliseconds until the next attempt, or null when no automatic retry follows. */
  retryInMs: number | null;
}

export type SubmissionOutcome =
  | { kind: 'saved' | 'already-saved'; response: IngestResponse; attempts: number; idempotencyKey: string }
  | { kind: 'rejected'; error: ApiProblemError; attempts: number; idempotencyKey: string }
  | { kind: 'unconfirmed'; error: unknown; attempts: number; idempotencyKey: string };

export interface SubmitBatchDeps {
  ingest: ApiClient['ingestV2'];
  store: PendingSubmissionStore;
  newKey?: () => string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  backoff?: BackoffOptions;
  maxAttempts?: number;
  onAttemptFailed?: (report: AttemptReport) => void;
}

export interface SubmitBatchInput {
  body: IngestV2Body;
  /** Demo only: ask the gateway to drop the answer to the first attempt of a new submission. */
  simulateUnreliableNetwork?: boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends one batch until the server gives a definitive answer, always with the same Idempotency-Key.
 * The key stays in storage until that answer, so a later manual retry (or one after a reload)
 * reuses it and the server replays instead of writing the batch twice.
 */
export async function submitBatch(input: SubmitBatchInput, deps: SubmitBatchDeps): Promise<SubmissionOutcome> {
  const { pending, reused } = resolveSubmissionKey(deps.store, input.body, deps.newKey ?? (() => crypto.randomUUID()));
  const outcome = await sendUntilAnswered(input.body, pending.idempotencyKey, input.simulateUnreliableNetwork === true && !reused, deps);
  if (isDefinitive(outcome)) deps.store.clear(input.body.site_id);
  return outcome;
}

/**
 * An answer after which the stored key is of no more use: the batch was stored (or replayed), or refused for
 * good. Signed out (401) is not: after signing in the operator comes back to the form and retries the batch.
 */
export function isDefinitive(outcome: SubmissionOutcome): boolean {
  if (outcome.kind === 'unconfirmed') return false;
  return !(outcome.kind === 'rejected' && outcome.error.status === 401);
}

/** The retry loop of one batch under one key; `dropFirstAnswer` is the demo of a lost answer. */
export async function sendUntilAnswered(
  body: IngestV2Body,
  idempotencyKey: string,
  dropFirstAnswer: boolean,
  deps: SubmitBatchDeps,
): Promise<SubmissionOutcome> {
  const { maxAttempts = 5, sleep = defaultSleep, random = Math.random } = deps;
  for (let attempt = 1; ; attempt++) {
    const dropResponse = dropFirstAnswer && attempt === 1;
    try {
      const { response, replayed } = await deps.ingest(body, idempotencyKey, dropResponse ? { [DEMO_DROP_RESPONSE_HEADER]: '1' } : {});
      return { kind: replayed ? 'already-saved' : 'saved', response, attempts: attempt, idempotencyKey };
    } catch (error) {
      // A definitive refusal: the server stored nothing under this key that a retry could replay.
      if (!isRetryable(error)) {
        if (error instanceof ApiProblemError) return { kind: 'rejected', error, attempts: attempt, idempotencyKey };
        throw error;
      }
      const retryInMs =
        attempt < maxAttempts ? backoffDelayMs(attempt, random, deps.backoff ?? DEFAULT_BACKOFF, retryAfterOf(error)) : null;
      deps.onAttemptFailed?.({ attempt, error, retryInMs });
      if (retryInMs === null) return { kind: 'unconfirmed', error, attempts: attempt, idempotencyKey };
      await sleep(retryInMs);
    }
  }
}
