import { IdempotencyKeySchema } from '@emissions/contracts';
import { ProblemError } from '../problems/problem.error';

/**
 * The Idempotency-Key of an ingest request. v1 may omit it (null: the ingestion service derives the key
 * from the canonical payload); v2 requires it. A present but malformed key is always rejected, never
 * ignored: silently falling back to a derived key would change which retries count as the same batch.
 */
export function parseIdempotencyKey(header: string | string[] | undefined, required: boolean): string | null {
  if (header === undefined) {
    if (required) throw new ProblemError('idempotency_key_invalid', 'The Idempotency-Key header is required on this API version');
    return null;
  }
  if (Array.isArray(header)) throw new ProblemError('idempotency_key_invalid', 'Send exactly one Idempotency-Key header');
  const parsed = IdempotencyKeySchema.safeParse(header);
  if (!parsed.success) throw new ProblemError('idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  return parsed.data;
}
