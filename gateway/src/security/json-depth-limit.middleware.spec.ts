import { describe, expect, it } from 'vitest';
import { createJsonDepthLimit, tooDeepProblem } from './json-depth-limit.middleware';

describe('tooDeepProblem', () => {
  it('is a validation failure naming the limit', () => {
    const problem = tooDeepProblem(32);
    expect(problem.code).toBe('validation_failed');
    expect(problem.status).toBe(400);
    expect(problem.detail).toBe('must be nested at most 32 levels deep');
    expect(problem.options.errors).toEqual([{ path: '', code: 'too_deep', message: 'must be nested at most 32 levels deep' }]);
  });
});

describe('createJsonDepthLimit', () => {
  const deep = (levels: number) => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);
  const run = (limit: ReturnType<typeof createJsonDepthLimit>, req: object, body: unknown) => {
    let passed: unknown = 'not called';
    limit.checkParsedBody({ ...req, body } as never, {} as never, (err?: unknown) => {
      passed = err;
    });
    return passed;
  };

  it('walks a parsed body only when its text was not scanned (other encodings), and refuses it when too deep', () => {
    const limit = createJsonDepthLimit(3);
    expect(run(limit, {}, deep(4))).toMatchObject({ code: 'validation_failed' });
    expect(run(limit, {}, deep(3))).toBeUndefined();
  });

  it('scans UTF-8 text before parsing, and then trusts the parsed body', () => {
    const limit = createJsonDepthLimit(3);
    const req = {} as never;
    expect(() => limit.verify(req, {} as never, Buffer.from('[[[[]]]]'), 'utf-8')).toThrow();
    const scannedReq = {};
    limit.verify(scannedReq as never, {} as never, Buffer.from('[[[]]]'), 'UTF-8');
    // The same request object: its text passed the scan, so the parsed value is not walked again.
    let walked = false;
    const body = new Proxy(deep(3), {
      ownKeys(target) {
        walked = true;
        return Reflect.ownKeys(target);
      },
    });
    limit.checkParsedBody(Object.assign(scannedReq, { body }) as never, {} as never, () => undefined);
    expect(walked).toBe(false);
  });
});
