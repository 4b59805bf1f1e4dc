import { Injectable } from '@nestjs/common';
import type { BatchIngestedV1 } from '@emissions/contracts';

/**
 * Extension point inside the alerting transaction, after the alert insert and before the commit. It does
 * nothing in production; tests replace it to simulate a worker that crashes mid-job.
 */
@Injectable()
export class AlertingHooks {
  async beforeCommit(_event: BatchIngestedV1): Promise<void> {}
}
