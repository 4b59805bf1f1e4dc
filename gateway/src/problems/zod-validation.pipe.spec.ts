import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ProblemError } from './problem.error';
import { ZodValidationPipe } from './zod-validation.pipe';

const Schema = z.object({ n: z.number().int() });

describe('ZodValidationPipe', () => {
  it('uses the plain parser’s result when it accepts, and the schema for the rest', () => {
    const seen: unknown[] = [];
    const pipe = new ZodValidationPipe(Schema, (value) => {
      seen.push(value);
      return (value as { n?: unknown }).n === 1 ? { n: 1 } : undefined;
    });
    expect(pipe.transform({ n: 1 })).toEqual({ n: 1 });
    expect(pipe.transform({ n: 2, extra: true })).toEqual({ n: 2 });
    expect(() => pipe.transform({ n: 'x' })).toThrow(ProblemError);
    expect(seen).toHaveLength(3);
  });

  it('without a plain parser, the schema decides', () => {
    const pipe = new ZodValidationPipe(Schema);
    expect(pipe.transform({ n: 3 })).toEqual({ n: 3 });
    expect(() => pipe.transform({})).toThrow(ProblemError);
  });
});
