import { Injectable } from '@nestjs/common';
import type { ComplianceEvent } from './compliance-event';

/**
 * Extension point inside the alerting transaction, after the alert insert and before the commit. It does
 * nothing in production; tests replace it to simulate a worker that crashes mid-job.
 */
@Injectable()
export class AlertingHooks {
  async beforeCommit(_event: ComplianceEvent): Promise<void> {}
}
