import type { IngestResponse } from '@emissions/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, type IngestV2Body } from '$lib/api/api.client';
import { createPendingSubmissionStore, type KeyValueStorage } from './pending-submission.store';
import { DEMO_DROP_RESPONSE_HEADER, submitBatch, type SubmitBatchDeps } from './submit-batch';

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
const body: IngestV2Body = {
  site_id: SITE,
  readings: [{ sensor_id: 's-1', measured_at: '2026-01-01T00:00:00Z', value: '2.5', unit: 'kg' }],
};

const accepted = (key: string): IngestResponse => ({
  batch_id: '0b6f1a4e-1c1d-4a8e-9f59-3c2b7a1d0e11',
  site_id: SITE,
  idempotency_key: key,
  readings_received: 1,
  readings_accepted: 1,
  readings_duplicate: 0,
  readings_conflicting: 0,
  conflicts: [],
  total_emissions_to_date: '2.5',
  compliance_status: 'Within Limit',
  accepted_at: '2026-01-01T00:00:01Z',
});

type Step = 'network-error' | 'in-progress' | 'unavailable' | 'ok' | 'replay' | 'invalid' | 'signed-out';
interface SentRequest {
  key: string;
  headers: Record<string, string>;
}

/** A fake server: answers each request with the next scripted step and records the keys it saw. */
function fakeServer(steps: Step[]) {
  const sent: SentRequest[] = [];
  const problem = (status: number, code: string, extra: object = {}) =>
    new Response(
      JSON.stringify({ type: '/p', title: code, status, detail: code, instance: '/api/v2/ingest', code, request_id: 'r', ...extra }),
      {
        status,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
      },
    );
  const fetch = async (_url: string, init?: RequestInit) => {
    const headers = init?.headers as Record<string, string>;
    sent.push({ key: headers['Idempotency-Key'], headers });
    const step = steps.shift() ?? 'ok';
    if (step === 'network-error') throw new TypeError('Failed to fetch');
    if (step === 'in-progress') return problem(409, 'idempotency_request_in_progress');
    if (step === 'unavailable') return problem(503, 'service_unavailable');
    if (step === 'signed-out') return problem(401, 'unauthorized');
    if (step === 'invalid')
      return problem(400, 'validation_failed', { errors: [{ path: 'readings[0].value', code: 'too_small', message: 'must be >= 0' }] });
    const replayHeader: Record<string, string> = step === 'replay' ? { 'Idempotent-Replayed': 'true' } : {};
    return new Response(JSON.stringify(accepted(headers['Idempotency-Key'])), {
      status: 201,
      headers: { 'Content-Type': 'application/json', ...replayHeader },
    });
  };
  return { sent, client: createApiClient({ fetch }) };
}

function memoryStorage(): KeyValueStorage & { size: () => number } {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    size: () => map.size,
  };
}

let storage: ReturnType<typeof memoryStorage>;
let keys: number;
let sleeps: number[];
const deps = (client: ReturnType<typeof fakeServer>['client'], extra: Partial<SubmitBatchDeps> = {}): SubmitBatchDeps => ({
  ingest: client.ingestV2,
  store: createPendingSubmissionStore(storage),
  newKey: () => `key-${++keys}`,
  sleep: async (ms) => void sleeps.push(ms),
  random: () => 0.5,
  ...extra,
});

beforeEach(() => {
  storage = memoryStorage();
  keys = 0;
  sleeps = [];
});

describe('submitBatch', () => {
  it('says "saved" and forgets the key once the server acknowledges the first attempt', async () => {
    const { client, sent } = fakeServer(['ok']);
    const outcome = await submitBatch({ body }, deps(client));
    expect(outcome.kind).toBe('saved');
    expect(sent.map((s) => s.key)).toEqual(['key-1']);
    expect(storage.size()).toBe(0);
  });

  it('retries a lost answer, a 409 in progress and a 503 with the same key, then reports the replay', async () => {
    const { client, sent } = fakeServer(['network-error', 'in-progress', 'unavailable', 'replay']);
    const outcome = await submitBatch({ body }, deps(client));
    expect(outcome.kind).toBe('already-saved');
    expect(outcome.attempts).toBe(4);
    expect(new Set(sent.map((s) => s.key))).toEqual(new Set(['key-1']));
  });

  it('waits longer before each retry and honours Retry-After as a lower bound', async () => {
    const { client } = fakeServer(['network-error', 'network-error', 'network-error', 'in-progress', 'ok']);
    await submitBatch({ body }, deps(client, { backoff: { baseMs: 100, capMs: 10_000 } }));
    expect(sleeps).toEqual([75, 150, 300, 1000]);
  });

  it('gives up after maxAttempts but keeps the key, so a manual retry reuses it', async () => {
    const { client, sent } = fakeServer(['network-error', 'network-error', 'ok']);
    const first = await submitBatch({ body }, deps(client, { maxAttempts: 2 }));
    expect(first.kind).toBe('unconfirmed');
    expect(storage.size()).toBe(1);
    const retry = await submitBatch({ body }, deps(client));
    expect(retry.kind).toBe('saved');
    expect(sent.map((s) => s.key)).toEqual(['key-1', 'key-1', 'key-1']);
  });

  it('reuses the stored key after a reload (a new store over the same storage)', async () => {
    const { client, sent } = fakeServer(['network-error', 'replay']);
    await submitBatch({ body }, deps(client, { maxAttempts: 1 }));
    const afterReload = await submitBatch({ body }, { ...deps(client), store: createPendingSubmissionStore(storage) });
    expect(afterReload.kind).toBe('already-saved');
    expect(sent.map((s) => s.key)).toEqual(['key-1', 'key-1']);
  });

  it('uses a new key for a different batch', async () => {
    const { client, sent } = fakeServer(['ok', 'ok']);
    await submitBatch({ body }, deps(client));
    await submitBatch({ body: { ...body, readings: [{ ...body.readings[0], value: '3' }] } }, deps(client));
    expect(sent.map((s) => s.key)).toEqual(['key-1', 'key-2']);
  });

  it('does not retry a validation problem and returns its field errors', async () => {
    const { client, sent } = fakeServer(['invalid']);
    const outcome = await submitBatch({ body }, deps(client));
    expect(outcome.kind).toBe('rejected');
    if (outcome.kind === 'rejected') expect(outcome.error.fieldErrors[0].path).toBe('readings[0].value');
    expect(sent).toHaveLength(1);
    expect(storage.size()).toBe(0);
  });

  it('asks the gateway to drop the answer on the first attempt only', async () => {
    const { client, sent } = fakeServer(['network-error', 'replay']);
    await submitBatch({ body, simulateUnreliableNetwork: true }, deps(client));
    expect(sent.map((s) => s.headers[DEMO_DROP_RESPONSE_HEADER])).toEqual(['1', undefined]);
  });

  it('keeps the batch and its key when signed out, so it is retried as it was after signing in', async () => {
    const { client, sent } = fakeServer(['signed-out', 'ok']);
    const outcome = await submitBatch({ body }, deps(client));
    expect(outcome.kind).toBe('rejected');
    expect(sent).toHaveLength(1);
    expect(storage.size()).toBe(1);
    expect((await submitBatch({ body }, deps(client))).kind).toBe('saved');
    expect(sent.map((s) => s.key)).toEqual(['key-1', 'key-1']);
  });
});
