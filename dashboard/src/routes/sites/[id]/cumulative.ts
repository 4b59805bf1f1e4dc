import { ExactDecimal, type SiteMetrics } from '@emissions/contracts';

export interface CumulativePoint {
  month: string;
  /** Running total at the end of the month (exact decimal string). */
  total: string;
}

/** Running totals month by month, oldest first, from the metrics' monthly rollups (newest first, up to 24). */
export function cumulativeByMonth(metrics: Pick<SiteMetrics, 'monthly' | 'total_emissions_to_date'>): CumulativePoint[] {
  const months = [...metrics.monthly].reverse();
  // Months older than the 24 listed still count: start from what the total holds beyond them.
  const listed = months.reduce((sum, m) => sum.plus(m.total), new ExactDecimal(0));
  let running = new ExactDecimal(metrics.total_emissions_to_date).minus(listed);
  return months.map((m) => {
    running = running.plus(m.total);
    return { month: m.month, total: running.toFixed() };
  });
}

export type Projection = { kind: 'exceeded' } | { kind: 'no-recent-readings' } | { kind: 'crossing'; at: Date; days: number };

/**
 * When the limit will be crossed at the last 30 days' pace (their total ÷ 30 per day), the same rate the
 * API's period projection uses. A straight line: a forecast, not a promise.
 */
export function projectCrossing(
  metrics: Pick<SiteMetrics, 'emission_limit' | 'total_emissions_to_date' | 'windows' | 'compliance_status'>,
  now = new Date(),
): Projection {
  if (metrics.compliance_status === 'Limit Exceeded') return { kind: 'exceeded' };
  const perDay = new ExactDecimal(metrics.windows.last_30d).div(30);
  if (perDay.isZero()) return { kind: 'no-recent-readings' };
  const days = new ExactDecimal(metrics.emission_limit).minus(metrics.total_emissions_to_date).div(perDay).toNumber();
  return { kind: 'crossing', days, at: new Date(now.getTime() + days * 86_400_000) };
}
