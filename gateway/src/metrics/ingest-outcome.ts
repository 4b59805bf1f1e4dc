import type { IngestBatchResult, ProblemCode } from '@emissions/contracts';

/** res.locals key under which the ingest controller leaves its result for the metrics. */
export const INGEST_RESULT_LOCAL = 'ingestResult';

export const INGEST_OUTCOMES = ['accepted', 'replayed', 'key_reused', 'invalid', 'not_found', 'in_progress', 'error'] as const;
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number];

const OUTCOME_OF_PROBLEM: Partial<Record<ProblemCode, IngestOutcome>> = {
  validation_failed: 'invalid',
  malformed_json: 'invalid',
  idempotency_key_invalid: 'invalid',
  payload_too_large: 'invalid',
  unsupported_media_type: 'invalid',
  // Refused before the command: the contract's outcome set has no separate label; auth_* and rate_limited_* tell them apart.
  unauthorized: 'invalid',
  forbidden: 'invalid',
  rate_limited: 'invalid',
  site_not_found: 'not_found',
  // An archived site takes no readings: a client-side refusal like an unknown site, never a server error.
  site_archived: 'not_found',
  idempotency_key_reused: 'key_reused',
  idempotency_request_in_progress: 'in_progress',
};

/** The outcome label of one finished ingest request: from its result when it succeeded, else from its problem code. */
export function ingestOutcomeOf(result: IngestBatchResult | undefined, problemCode: ProblemCode | undefined): IngestOutcome {
  if (result) return result.replayed ? 'replayed' : 'accepted';
  return (problemCode && OUTCOME_OF_PROBLEM[problemCode]) ?? 'error';
}

/** Reading counts to add for a result; replays count nothing (the first response already did). */
export function readingCountsOf(
  result: IngestBatchResult | undefined,
): { accepted: number; duplicate: number; conflicting: number } | null {
  if (!result || result.replayed) return null;
  const { readings_accepted, readings_duplicate, readings_conflicting } = result.body;
  return { accepted: readings_accepted, duplicate: readings_duplicate, conflicting: readings_conflicting };
}
