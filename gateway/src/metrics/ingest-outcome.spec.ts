import 'reflect-metadata';
import type { IngestBatchResult } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { ingestOutcomeOf, readingCountsOf } from './ingest-outcome';

const result = (replayed: boolean): IngestBatchResult => ({
  status: 201,
  replayed,
  body: {
    batch_id: '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01',
    site_id: '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c02',
    idempotency_key: 'k',
    readings_received: 6,
    readings_accepted: 3,
    readings_duplicate: 2,
    readings_conflicting: 1,
    conflicts: [],
    total_emissions_to_date: '3',
    compliance_status: 'Within Limit',
    accepted_at: '2026-11-27T10:00:00Z',
  },
});

describe('ingestOutcomeOf', () => {
  it('labels successes by whether they were replayed', () => {
    expect(ingestOutcomeOf(result(false), undefined)).toBe('accepted');
    expect(ingestOutcomeOf(result(true), undefined)).toBe('replayed');
  });

  it('labels failures by problem code, and anything else as error', () => {
    expect(ingestOutcomeOf(undefined, 'malformed_json')).toBe('invalid');
    expect(ingestOutcomeOf(undefined, 'payload_too_large')).toBe('invalid');
    expect(ingestOutcomeOf(undefined, 'idempotency_key_invalid')).toBe('invalid');
    expect(ingestOutcomeOf(undefined, 'unauthorized')).toBe('invalid');
    expect(ingestOutcomeOf(undefined, 'forbidden')).toBe('invalid');
    expect(ingestOutcomeOf(undefined, 'site_not_found')).toBe('not_found');
    expect(ingestOutcomeOf(undefined, 'site_archived')).toBe('not_found');
    expect(ingestOutcomeOf(undefined, 'idempotency_key_reused')).toBe('key_reused');
    expect(ingestOutcomeOf(undefined, 'idempotency_request_in_progress')).toBe('in_progress');
    expect(ingestOutcomeOf(undefined, 'service_unavailable')).toBe('error');
    expect(ingestOutcomeOf(undefined, undefined)).toBe('error');
  });
});

describe('readingCountsOf', () => {
  it('counts readings of a first response only', () => {
    expect(readingCountsOf(result(false))).toEqual({ accepted: 3, duplicate: 2, conflicting: 1 });
    expect(readingCountsOf(result(true))).toBeNull();
    expect(readingCountsOf(undefined)).toBeNull();
  });
});
