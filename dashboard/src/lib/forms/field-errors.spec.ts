import { describe, expect, it } from 'vitest';
import { fieldErrorsFromProblem, formLevelErrors } from './field-errors';

describe('field errors', () => {
  it('keys server errors by path and keeps the first message of a path', () => {
    const map = fieldErrorsFromProblem([
      { path: 'readings[0].value', code: 'too_small', message: 'must be >= 0' },
      { path: 'readings[0].value', code: 'x', message: 'second' },
      { path: 'readings', code: 'too_big', message: 'must contain at most 100 readings' },
    ]);
    expect(map['readings[0].value']).toBe('must be >= 0');
    expect(formLevelErrors(map, (p) => p.includes('].'))).toEqual(['readings: must contain at most 100 readings']);
  });
});
