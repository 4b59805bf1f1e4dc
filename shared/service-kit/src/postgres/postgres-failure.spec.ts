import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isLockTimeout, isLockTimeoutOn, isRetryableTransactionError, isUnstorableText } from './postgres-failure';

describe('isLockTimeoutOn', () => {
  it('tells a wait on the ledger key from a wait on a busy site row by the error context', () => {
    const onKey = { code: '55P03', where: 'while inserting index tuple (0,1) in relation "ingestion_batches"' };
    const onSite = { code: '55P03', where: 'while updating tuple (0,5) in relation "sites"' };
    expect(isLockTimeoutOn(onKey, 'ingestion_batches')).toBe(true);
    expect(isLockTimeoutOn(onSite, 'ingestion_batches')).toBe(false);
    expect(isLockTimeout(onSite)).toBe(true);
    expect(isLockTimeoutOn({ cause: onKey }, 'ingestion_batches')).toBe(true);
  });
});

describe('isRetryableTransactionError', () => {
  it('is true for a deadlock or a serialization failure, at any depth of the cause chain', () => {
    expect(isRetryableTransactionError({ code: '40P01' })).toBe(true);
    expect(isRetryableTransactionError(new Error('wrapped', { cause: { code: '40001' } }))).toBe(true);
    expect(isRetryableTransactionError({ code: '23505' })).toBe(false);
  });
});

describe('isDatabaseUnavailable', () => {
  it('recognises shutdown and connection SQLSTATEs and socket codes', () => {
    for (const code of ['57P01', '08006', '53300', 'ECONNREFUSED', 'ETIMEDOUT']) expect(isDatabaseUnavailable({ code })).toBe(true);
    expect(isDatabaseUnavailable({ name: 'KnexTimeoutError' })).toBe(true);
  });

  it('recognises every wording of a lost connection either service met (the union of both former lists)', () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Client has encountered a connection error and is not queryable',
      'Socket connection error',
      'connect ECONNREFUSED 127.0.0.1:5432',
      'Timeout acquiring a connection. The pool is probably full.',
      'Transaction query already complete',
      'Client was closed and is not queryable',
      'Connection ended unexpectedly',
    ])
      expect(isDatabaseUnavailable(new Error('query failed', { cause: new Error(message) })), message).toBe(true);
  });

  it('is false for a query the database answered with an error', () => {
    expect(isDatabaseUnavailable({ code: '23505', message: 'duplicate key value violates unique constraint' })).toBe(false);
    expect(isDatabaseUnavailable(new Error('syntax error at or near "SELEC"'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it('looks no deeper than five causes', () => {
    let err: unknown = { code: '57P01' };
    for (let i = 0; i < 5; i++) err = { cause: err };
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('isUnstorableText', () => {
  it('recognises NUL in text, \\u0000 in jsonb and unpaired surrogates', () => {
    expect(isUnstorableText({ code: '22021' })).toBe(true);
    expect(isUnstorableText({ code: '22P05' })).toBe(true);
    expect(
      isUnstorableText({
        code: '22P02',
        message: 'invalid input syntax for type json',
        detail: 'Unicode low surrogate must follow a high surrogate.',
      }),
    ).toBe(true);
    expect(isUnstorableText({ code: '08P01', message: 'invalid message format' })).toBe(true);
  });

  it('leaves other invalid input alone', () => {
    expect(isUnstorableText({ code: '22P02', message: 'invalid input syntax for type uuid: "x"' })).toBe(false);
    expect(isUnstorableText({ code: '08P01', message: 'protocol violation' })).toBe(false);
  });
});
