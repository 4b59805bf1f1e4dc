import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseEnvironment } from './parse-environment';

const Schema = z.object({
  PORT: z.coerce.number().int().min(1).default(4000),
  MODE: z.enum(['a', 'b']).default('a'),
});

describe('parseEnvironment', () => {
  it('applies defaults and coerces', () => {
    expect(parseEnvironment(Schema, {}, 'Invalid environment for the test')).toEqual({ PORT: 4000, MODE: 'a' });
    expect(parseEnvironment(Schema, { PORT: '5' }, 'x').PORT).toBe(5);
  });

  it('lists every bad variable under the heading in one error', () => {
    expect(() => parseEnvironment(Schema, { PORT: '0', MODE: 'c' }, 'Invalid environment for the test')).toThrow(
      /^Invalid environment for the test:\n {2}PORT: .+\n {2}MODE: .+$/,
    );
  });

  it('runs the cross-variable checks only on a parsed environment', () => {
    const refuseB = (env: z.output<typeof Schema>) => (env.MODE === 'b' ? { variable: 'MODE', problem: 'b is refused' } : null);
    expect(() => parseEnvironment(Schema, { MODE: 'b' }, 'Bad', [refuseB])).toThrow('Bad:\n  MODE: b is refused');
    expect(() => parseEnvironment(Schema, { MODE: 'b', PORT: 'x' }, 'Bad', [refuseB])).toThrow(/PORT/);
    expect(parseEnvironment(Schema, { MODE: 'a' }, 'Bad', [refuseB]).MODE).toBe('a');
  });
});
