import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../problems/problem.error';
import { parseIdempotencyKey } from './idempotency-key';

function rejection(fn: () => unknown): ProblemError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProblemError) return e;
  }
  throw new Error('expected a ProblemError');
}

describe('parseIdempotencyKey', () => {
  it('accepts 1 to 255 visible ASCII characters', () => {
    expect(parseIdempotencyKey('k', true)).toBe('k');
    expect(parseIdempotencyKey('a'.repeat(255), true)).toBe('a'.repeat(255));
    expect(parseIdempotencyKey('batch-2026-11-27T10:00:00Z#1', false)).toBe('batch-2026-11-27T10:00:00Z#1');
  });

  it('lets a v1 request without a key through as null, so the service derives one', () => {
    expect(parseIdempotencyKey(undefined, false)).toBeNull();
  });

  it('requires the key on v2', () => {
    const problem = rejection(() => parseIdempotencyKey(undefined, true));
    expect(problem.code).toBe('idempotency_key_invalid');
    expect(problem.status).toBe(400);
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(256)],
    ['with a space', 'a b'],
    ['non-ASCII', 'clé'],
    ['with a control character', 'a\tb'],
  ])('rejects a key that is %s on both versions', (_label, key) => {
    expect(rejection(() => parseIdempotencyKey(key, false)).code).toBe('idempotency_key_invalid');
    expect(rejection(() => parseIdempotencyKey(key, true)).code).toBe('idempotency_key_invalid');
  });

  it('rejects a repeated header', () => {
    expect(rejection(() => parseIdempotencyKey(['a', 'b'], false)).code).toBe('idempotency_key_invalid');
  });
});
