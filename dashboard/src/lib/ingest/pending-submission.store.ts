import type { IngestV2Body } from '$lib/api/api.client';

/** A submission sent (or about to be sent) whose outcome the server has not acknowledged yet. */
export interface PendingSubmission {
  idempotencyKey: string;
  body: IngestV2Body;
  createdAt: string;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const storageKey = (siteId: string) => `emissions.pending-ingest.${siteId}`;

/**
 * Keeps the Idempotency-Key of an unacknowledged submission in storage, so that a retry, even
 * after a reload or a crash, sends the same key and the server can recognise the batch.
 */
export function createPendingSubmissionStore(storage: KeyValueStorage) {
  return {
    load(siteId: string): PendingSubmission | null {
      const raw = storage.getItem(storageKey(siteId));
      if (!raw) return null;
      try {
        const value = JSON.parse(raw) as PendingSubmission;
        return typeof value.idempotencyKey === 'string' && value.body?.site_id === siteId ? value : null;
      } catch {
        return null;
      }
    },
    save(pending: PendingSubmission): void {
      storage.setItem(storageKey(pending.body.site_id), JSON.stringify(pending));
    },
    clear(siteId: string): void {
      storage.removeItem(storageKey(siteId));
    },
  };
}

export type PendingSubmissionStore = ReturnType<typeof createPendingSubmissionStore>;

/** Same batch as far as the user is concerned: same site and the same rows in the same order. */
export function isSameBody(a: IngestV2Body, b: IngestV2Body): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A fresh submission always gets a new random key; only a retry of the same body reuses one. */
export function resolveSubmissionKey(
  store: PendingSubmissionStore,
  body: IngestV2Body,
  newKey: () => string,
  now: () => Date = () => new Date(),
): { pending: PendingSubmission; reused: boolean } {
  const existing = store.load(body.site_id);
  if (existing && isSameBody(existing.body, body)) return { pending: existing, reused: true };
  const pending = { idempotencyKey: newKey(), body, createdAt: now().toISOString() };
  store.save(pending);
  return { pending, reused: false };
}
