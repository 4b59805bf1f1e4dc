import { describe, expect, it } from 'vitest';
import { cumulativeByMonth, projectCrossing } from './cumulative';

describe('cumulative chart figures', () => {
  it('adds the months up oldest first, starting from what older months hold', () => {
    const points = cumulativeByMonth({
      total_emissions_to_date: '10.3',
      monthly: [
        { month: '2026-11', total: '0.1', count: 1 },
        { month: '2026-10', total: '0.2', count: 1 },
      ],
    });
    expect(points).toEqual([
      { month: '2026-10', total: '10.2' },
      { month: '2026-11', total: '10.3' },
    ]);
  });

  it('projects the crossing at the last 30 days pace, and says so when there is no pace', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const base = { emission_limit: '100', total_emissions_to_date: '40', compliance_status: 'Within Limit' as const };
    const p = projectCrossing({ ...base, windows: { last_24h: '0', last_7d: '0', last_30d: '30' } }, now);
    expect(p).toEqual({ kind: 'crossing', days: 60, at: new Date('2027-01-30T00:00:00Z') });
    expect(projectCrossing({ ...base, windows: { last_24h: '0', last_7d: '0', last_30d: '0' } }, now).kind).toBe('no-recent-readings');
    expect(
      projectCrossing({ ...base, compliance_status: 'Limit Exceeded', windows: { last_24h: '0', last_7d: '0', last_30d: '1' } }).kind,
    ).toBe('exceeded');
  });
});
