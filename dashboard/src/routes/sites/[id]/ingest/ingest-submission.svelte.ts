import type { IngestV2Body } from '$lib/api/api.client';
import { api, describeApiError } from '$lib/api';
import { createPendingSubmissionStore, type PendingSubmission } from '$lib/ingest/pending-submission.store';
import type { AttemptReport } from '$lib/ingest/submit-batch';
import { submitUpload, type UploadOutcome, type UploadProgress } from '$lib/ingest/submit-upload';

export interface AttemptLogEntry {
  attempt: number;
  message: string;
  retryInMs: number | null;
}

/** The state of one retry-safe upload (one or more batches of 100), as the ingest page shows it. */
export class IngestSubmission {
  sending = $state(false);
  attemptLog = $state<AttemptLogEntry[]>([]);
  outcome = $state<UploadOutcome | null>(null);
  /** Batches answered so far in the running upload. */
  progress = $state<UploadProgress[]>([]);
  batchCount = $state(0);
  /** Left from an earlier visit or a give-up: not yet acknowledged by the server. */
  pending = $state<PendingSubmission | null>(null);

  readonly #store = createPendingSubmissionStore(localStorage);

  constructor(readonly siteId: string) {
    this.pending = this.#store.load(siteId);
  }

  async send(body: IngestV2Body, simulateUnreliableNetwork: boolean): Promise<UploadOutcome | null> {
    this.sending = true;
    this.outcome = null;
    this.attemptLog = [];
    this.progress = [];
    this.batchCount = Math.ceil(body.readings.length / 100);
    try {
      this.outcome = await submitUpload(
        { body, simulateUnreliableNetwork },
        {
          ingest: api.ingestV2,
          store: this.#store,
          onAttemptFailed: (report) => this.#log(report),
          onBatchAnswered: (progress) => (this.progress = [...this.progress, progress]),
        },
      );
    } catch (error) {
      // Not an answer to retry: the server accepted the request but its reply did not match the contract.
      this.attemptLog = [...this.attemptLog, { attempt: this.attemptLog.length + 1, message: describeApiError(error), retryInMs: null }];
    } finally {
      this.sending = false;
      this.pending = this.#store.load(this.siteId);
    }
    return this.outcome;
  }

  /** Sends the unacknowledged batch again; its body is unchanged, so the stored key is reused. */
  retryPending(): Promise<UploadOutcome | null> {
    return this.pending ? this.send(this.pending.body, false) : Promise.resolve(null);
  }

  discardPending(): void {
    this.#store.clear(this.siteId);
    this.pending = null;
  }

  #log(report: AttemptReport): void {
    this.attemptLog = [
      ...this.attemptLog,
      { attempt: report.attempt, message: describeApiError(report.error), retryInMs: report.retryInMs },
    ];
  }
}
