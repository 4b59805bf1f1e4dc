import { describe, expect, it } from 'vitest';
import { readBearerToken } from './bearer-token';

describe('readBearerToken', () => {
  it('reads a bearer token, whatever the scheme case', () => {
    expect(readBearerToken('Bearer abc')).toEqual({ kind: 'token', token: 'abc' });
    expect(readBearerToken('bearer  abc')).toEqual({ kind: 'token', token: 'abc' });
  });

  it('tells an absent header from a malformed one', () => {
    expect(readBearerToken(undefined)).toEqual({ kind: 'absent' });
    expect(readBearerToken('')).toEqual({ kind: 'absent' });
    for (const bad of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', 'abc', `Bearer ${'x'.repeat(513)}`, 'Bearer ключ']) {
      expect(readBearerToken(bad), bad).toEqual({ kind: 'malformed' });
    }
    expect(readBearerToken(['Bearer a', 'Bearer b'])).toEqual({ kind: 'malformed' });
  });
});
