import { describe, expect, it } from 'vitest';
import { tooDeepProblem } from './json-depth-limit.middleware';

describe('tooDeepProblem', () => {
  it('is a validation failure naming the limit', () => {
    const problem = tooDeepProblem(32);
    expect(problem.code).toBe('validation_failed');
    expect(problem.status).toBe(400);
    expect(problem.detail).toBe('must be nested at most 32 levels deep');
    expect(problem.options.errors).toEqual([{ path: '', code: 'too_deep', message: 'must be nested at most 32 levels deep' }]);
  });
});
