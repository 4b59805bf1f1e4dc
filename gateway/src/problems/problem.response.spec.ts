import { describe, expect, it } from 'vitest';
import { ProblemError } from './problem.error';
import { fieldErrorsOf } from './problem.response';

describe('fieldErrorsOf', () => {
  it('keeps the errors a problem was given', () => {
    const errors = [{ path: 'url', code: 'target_refused', message: 'is private' }];
    expect(fieldErrorsOf(new ProblemError('validation_failed', 'url: is private', { errors }))).toBe(errors);
  });

  it("gives a validation failure found past the gateway's schemas its field error from a `path: message` detail", () => {
    expect(fieldErrorsOf(new ProblemError('validation_failed', 'timezone: "Mars/Olympus" is not a time zone this server knows'))).toEqual([
      { path: 'timezone', code: 'invalid_value', message: '"Mars/Olympus" is not a time zone this server knows' },
    ]);
    expect(fieldErrorsOf(new ProblemError('validation_failed', 'readings[3].value: must be >= 0'))).toEqual([
      { path: 'readings[3].value', code: 'invalid_value', message: 'must be >= 0' },
    ]);
  });

  it('gives a failure of the whole request the empty path, and other problems no errors', () => {
    expect(fieldErrorsOf(new ProblemError('validation_failed', 'The request URL is malformed'))).toEqual([
      { path: '', code: 'invalid', message: 'The request URL is malformed' },
    ]);
    expect(fieldErrorsOf(new ProblemError('site_not_found', 'No site with id x.'))).toBeUndefined();
  });
});
