import { BATCH_INGESTED, compareMasses } from '@emissions/contracts';
import type { ComplianceEvent } from './compliance-event';
import { Injectable } from '@nestjs/common';

export type TotalsAroundBatch = { total_before: string; total_after: string; emission_limit: string };

/**
 * Decides from an event alone whether its batch made the site cross its limit. Exact decimal comparison:
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
}
