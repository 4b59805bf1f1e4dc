import 'reflect-metadata';
import { CreateSiteRequestSchema, IngestV1RequestSchema, SiteIdParamsSchema } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { problemFromZodError } from './zod-problem';

const site_id = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';

function problemOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a validation failure');
  return problemFromZodError(result.error);
}

describe('problemFromZodError', () => {
  it('lists a negative reading with its contract path, code and message', () => {
    const problem = problemOf(IngestV1RequestSchema, { site_id, readings: [{ timestamp: '2026-01-01T00:00:00Z', value: -1 }] });
    expect(problem.code).toBe('validation_failed');
    expect(problem.status).toBe(400);
    expect(problem.options.errors).toEqual([{ path: 'readings[0].value', code: 'too_small', message: 'must be >= 0' }]);
    expect(problem.detail).toBe('readings[0].value: must be >= 0');
  });

  it('uses the contract code carried in issue params rather than Zod\'s "custom"', () => {
    const problem = problemOf(IngestV1RequestSchema, { site_id, readings: [{ timestamp: 'yesterday', value: 'abc' }] });
    const codes = problem.options.errors?.map((e) => e.code);
    expect(codes).toContain('invalid_timestamp');
    expect(codes).toContain('invalid_decimal');
    expect(codes).not.toContain('custom');
  });

  it('counts the further problems in the detail', () => {
    const problem = problemOf(CreateSiteRequestSchema, { name: '', emission_limit: 0 });
    expect(problem.options.errors).toHaveLength(2);
    expect(problem.detail).toMatch(/^name: must not be empty \(and 1 more\)$/);
  });

  it('reports a malformed site id on the `id` path', () => {
    const problem = problemOf(SiteIdParamsSchema, { id: 'nope' });
    expect(problem.options.errors).toEqual([{ path: 'id', code: 'invalid_format', message: 'must be a UUID' }]);
  });

  it('gives a root-level message without a path prefix', () => {
    const problem = problemOf(CreateSiteRequestSchema, undefined);
    expect(problem.options.errors?.[0]?.path).toBe('');
    expect(problem.detail).not.toMatch(/^:/);
  });
});
