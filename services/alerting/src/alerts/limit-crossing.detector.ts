import { BATCH_INGESTED, compareMasses, ExactDecimal } from '@emissions/contracts';
import type { ComplianceEvent } from './compliance-event';
import { Injectable } from '@nestjs/common';

export type TotalsAroundBatch = { total_before: string; total_after: string; emission_limit: string };

/** An annual limit a reporting year's total crossed: the year (its UTC start), the limit and the year's total after. */
export type AnnualCrossing = { period_start: string; annual_limit: string; total: string };

/** The contract's default `near_limit_pct`, for events written before the field was carried. */
const DEFAULT_NEAR_LIMIT_PCT = '80';

/**
 * Decides from an event alone whether it made the site cross a limit. Exact decimal comparison:
 * a total equal to the limit is still within it, so the crossing is `before ≤ limit < after`.
 * Pure, so the same event always gives the same answer however often it is redelivered.
 */
@Injectable()
export class LimitCrossingDetector {
  crossed(totals: TotalsAroundBatch): boolean {
    return compareMasses(totals.total_before, totals.emission_limit) <= 0 && compareMasses(totals.emission_limit, totals.total_after) < 0;
  }

  /**
   * A limit change crosses when the total was within the old limit and exceeds the new one. Each limit
   * revision is its own crossing: lowering, raising back and lowering again is two crossings.
   */
  crossedByLimitChange(change: { total: string; emission_limit_before: string; emission_limit: string }): boolean {
    return compareMasses(change.total, change.emission_limit_before) <= 0 && compareMasses(change.emission_limit, change.total) < 0;
  }

  /** Whether an event of either kind crossed the limit. */
  crossedBy(event: ComplianceEvent): boolean {
    return event.type === BATCH_INGESTED ? this.crossed(event) : this.crossedByLimitChange(event);
  }

  /** `compliance_status` as the contract defines it: exceeded exactly when total > limit. */
  isExceeded(total: string, limit: string): boolean {
    return compareMasses(total, limit) > 0;
  }

  /** The contract's near-limit band: utilisation ≥ `pct` % and the limit not exceeded (exact: total × 100 ≥ pct × limit). */
  isNearLimit(total: string, pct: string, limit: string): boolean {
    const reached = new ExactDecimal(total).times(100).comparedTo(new ExactDecimal(pct).times(limit)) >= 0;
    return reached && !this.isExceeded(total, limit);
  }

  /**
   * Whether the event took the site into the near-limit band: it was outside the band before and is in it
   * after. A batch that jumps over the whole band (below it before, over the limit after) is only a
   * limit_exceeded crossing. A settings change (limit or percentage) that moves the band over the total
   * is a crossing too; each limit revision is its own.
   */
  nearLimitCrossedBy(event: ComplianceEvent): boolean {
    if (event.type === BATCH_INGESTED) {
      const pct = event.near_limit_pct ?? DEFAULT_NEAR_LIMIT_PCT;
      const wasNear = this.isNearLimit(event.total_before, pct, event.emission_limit);
      return (
        !wasNear &&
        !this.isExceeded(event.total_before, event.emission_limit) &&
        this.isNearLimit(event.total_after, pct, event.emission_limit)
      );
    }
    const pctBefore = event.near_limit_pct_before ?? DEFAULT_NEAR_LIMIT_PCT;
    const pct = event.near_limit_pct ?? pctBefore;
    return (
      !this.isNearLimit(event.total, pctBefore, event.emission_limit_before) && this.isNearLimit(event.total, pct, event.emission_limit)
    );
  }

  /**
   * Annual limits the event crossed. A batch: each reporting year its readings fall in whose total went
   * from ≤ annual_limit to > it. A settings change: the current reporting year when it was not over the
   * old annual limit (none counts as not over) and is over the new one.
   */
  annualCrossingsOf(event: ComplianceEvent): AnnualCrossing[] {
    const limit = event.annual_limit;
    if (limit === undefined || limit === null) return [];
    if (event.type === BATCH_INGESTED) {
      return (event.reporting_years ?? [])
        .filter((y) => compareMasses(y.total_before, limit) <= 0 && this.isExceeded(y.total_after, limit))
        .map((y) => ({ period_start: y.start_at, annual_limit: limit, total: y.total_after }));
    }
    const year = event.reporting_year;
    if (!year) return [];
    const before = event.annual_limit_before;
    const wasOver = before !== undefined && before !== null && this.isExceeded(year.total_before, before);
    return !wasOver && this.isExceeded(year.total, limit) ? [{ period_start: year.start_at, annual_limit: limit, total: year.total }] : [];
  }
}
