import type { IngestResponse } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import type { IngestV2Body } from '$lib/api/api.client';
import { ApiNetworkError } from '$lib/api/api-errors';
import { createPendingSubmissionStore, type KeyValueStorage } from './pending-submission.store';
import { submitUpload, summarizeUpload, uploadVerdict } from './submit-upload';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
const body = (n: number): IngestV2Body => ({
  site_id: SITE,
  readings: Array.from({ length: n }, (_, i) => ({
    sensor_id: 's',
    measured_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    value: '1',
    unit: 'kg',
  })),
});

function memoryStorage(): KeyValueStorage & { size: () => number } {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    size: () => map.size,
  };
}

/** A server that stores each key's first answer and replays it, and can lose the answers of some calls. */
function fakeServer(opts: { lose?: (call: number) => boolean; duplicates?: boolean; conflicts?: boolean } = {}) {
  const answered = new Map<string, IngestResponse>();
  const keys: string[] = [];
  let total = 0;
  const ingest = async (b: IngestV2Body, key: string) => {
    keys.push(key);
    const replay = answered.get(key);
    const call = keys.length;
    let response = replay;
    if (!response) {
      const accepted = opts.duplicates || opts.conflicts ? 0 : b.readings.length;
      total += accepted;
      response = {
        batch_id: '0b6f1a4e-1c1d-4a8e-9f59-3c2b7a1d0e11',
        site_id: SITE,
        idempotency_key: key,
        readings_received: b.readings.length,
        readings_accepted: accepted,
        readings_duplicate: opts.duplicates ? b.readings.length : 0,
        readings_conflicting: opts.conflicts ? 1 : 0,
        conflicts: opts.conflicts
          ? [{ index: 4, sensor_id: 's', measured_at: b.readings[4].measured_at, stored_value: '1', sent_value: '2' }]
          : [],
        total_emissions_to_date: String(total),
        compliance_status: 'Within Limit',
        accepted_at: '2026-01-01T00:00:00Z',
      };
      answered.set(key, response);
    }
    if (opts.lose?.(call)) throw new ApiNetworkError('network', new TypeError('lost'));
    return { response, replayed: replay !== undefined };
  };
  return { ingest, keys, total: () => total };
}

const deps = (server: ReturnType<typeof fakeServer>, storage: KeyValueStorage, extra = {}) => ({
  ingest: server.ingest,
  store: createPendingSubmissionStore(storage),
  newKey: () => 'upload-1',
  sleep: async () => undefined,
  random: () => 0.5,
  ...extra,
});

describe('submitUpload', () => {
  it('sends 250 readings as batches of 100, 100 and 50, each under its own key, and keeps every one', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const progress: number[] = [];
    const upload = await submitUpload({ body: body(250) }, { ...deps(server, storage), onBatchAnswered: (p) => progress.push(p.index) });
    expect(server.keys).toEqual(['upload-1-1', 'upload-1-2', 'upload-1-3']);
    expect(progress).toEqual([0, 1, 2]);
    expect(summarizeUpload(upload)).toMatchObject({ received: 250, accepted: 250 });
    expect(server.total()).toBe(250);
    expect(storage.size()).toBe(0);
  });

  it('is retry-safe: an upload stopped at an unanswered batch, retried, stores every reading once', async () => {
    const server = fakeServer({ lose: (call) => call >= 2 && call <= 3 });
    const storage = memoryStorage();
    const first = await submitUpload({ body: body(250) }, deps(server, storage, { maxAttempts: 2 }));
    expect(summarizeUpload(first).unconfirmed).toBe(true);
    expect(storage.size()).toBe(1);
    const retry = await submitUpload({ body: body(250) }, deps(server, storage));
    expect(uploadVerdict(summarizeUpload(retry)).kind).toBe('saved');
    expect(server.total()).toBe(250);
    expect(new Set(server.keys)).toEqual(new Set(['upload-1-1', 'upload-1-2', 'upload-1-3']));
    expect(storage.size()).toBe(0);
  });
});

describe('uploadVerdict', () => {
  it('never says "Saved" when nothing was saved, and warns with the conflicts listed by row', async () => {
    const dup = await submitUpload({ body: body(3) }, deps(fakeServer({ duplicates: true }), memoryStorage()));
    expect(uploadVerdict(summarizeUpload(dup))).toMatchObject({ tone: 'warn', kind: 'nothing-new' });

    const conflict = await submitUpload({ body: body(150) }, deps(fakeServer({ conflicts: true }), memoryStorage()));
    const summary = summarizeUpload(conflict);
    expect(uploadVerdict(summary)).toMatchObject({ tone: 'warn', kind: 'conflicts' });
    expect(summary.conflicts.map((c) => c.row)).toEqual([5, 105]);
  });
});
