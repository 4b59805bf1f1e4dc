import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { apiVersionOf, resolveRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveRequestId', () => {
  it('echoes a safe incoming id', () => {
    expect(resolveRequestId('abc-123_X.y~z:1')).toBe('abc-123_X.y~z:1');
    expect(resolveRequestId('a'.repeat(128))).toBe('a'.repeat(128));
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with a space', 'a b'],
    ['with a newline', 'abc\ndef'],
    ['with markup', '<script>'],
    ['with a slash', 'a/b'],
    ['non-ASCII', 'ré'],
  ])('replaces an id that is %s with a UUID', (_label, id) => {
    expect(resolveRequestId(id)).toMatch(UUID);
  });

  it('generates an id when the header is missing or repeated', () => {
    expect(resolveRequestId(undefined)).toMatch(UUID);
    expect(resolveRequestId(['a', 'b'])).toMatch(UUID);
    expect(resolveRequestId(undefined)).not.toBe(resolveRequestId(undefined));
  });
});

describe('apiVersionOf', () => {
  it('serves unversioned and v1 paths as v1, v2 paths as v2, and nothing outside /api', () => {
    expect(apiVersionOf('/api/ingest')).toBe(1);
    expect(apiVersionOf('/api/v1/sites')).toBe(1);
    expect(apiVersionOf('/api/v2/ingest')).toBe(2);
    expect(apiVersionOf('/api')).toBe(1);
    expect(apiVersionOf('/apiary')).toBeNull();
    expect(apiVersionOf('/health/live')).toBeNull();
  });
});
