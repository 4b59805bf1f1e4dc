import { describe, expect, it } from 'vitest';
import { SensorBreakdownQuerySchema } from './sensor-breakdown.schema';

describe('the per-sensor breakdown query', () => {
  it('takes local months with from before to, and defaults the limit', () => {
    expect(SensorBreakdownQuerySchema.parse({ from: '2026-01', to: '2026-04' })).toEqual({ from: '2026-01', to: '2026-04', limit: 100 });
    expect(SensorBreakdownQuerySchema.parse({ limit: '5' })).toEqual({ limit: 5 });
  });

  it('refuses an empty or inverted range, days, months before 2000 and limits out of bounds', () => {
    const refused = (q: Record<string, string>) => SensorBreakdownQuerySchema.safeParse(q).error?.issues.map((i) => i.path.join('.'));
    expect(refused({ from: '2026-04', to: '2026-04' })).toEqual(['to']);
    expect(refused({ from: '2026-05', to: '2026-04' })).toEqual(['to']);
    expect(refused({ from: '2026-04-01' })).toEqual(['from']);
    expect(refused({ to: '1999-12' })).toEqual(['to']);
    expect(refused({ from: '2026-13' })).toEqual(['from']);
    expect(refused({ limit: '0' })).toEqual(['limit']);
    expect(refused({ limit: '1001' })).toEqual(['limit']);
  });
});
