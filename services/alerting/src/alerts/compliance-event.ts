import {
  BATCH_INGESTED,
  BatchIngestedV1Schema,
  type SiteSettingsChangedV1,
  SiteSettingsChangedV1Schema,
  type BatchIngestedV1,
  plainBatchIngestedV1,
} from '@emissions/contracts';
import { z } from 'zod';

/** Every outbox event alerting judges compliance on: a committed batch, or a settings change (a new limit). */
export const ComplianceEventSchema = z.discriminatedUnion('type', [BatchIngestedV1Schema, SiteSettingsChangedV1Schema]);
export type ComplianceEvent = BatchIngestedV1 | SiteSettingsChangedV1;

/**
 * A job's event as ComplianceEventSchema parses it. A batch.ingested event takes the contract's plain loop over
 * its rate readings first (`plainBatchIngestedV1`, the same answers as the schema); the schema decides the rest
 * and words any refusal.
 */
export function parseComplianceEvent(data: unknown): ReturnType<typeof ComplianceEventSchema.safeParse> {
  const batch = plainBatchIngestedV1(data);
  return batch ? { success: true, data: batch } : ComplianceEventSchema.safeParse(data);
}

/** The site's figures once the event's change committed, and what caused it (a batch or a settings change). */
export type ComplianceAfter = { total: string; emission_limit: string; limit_revision: number; cause_id: string };

export function complianceAfter(event: ComplianceEvent): ComplianceAfter {
  if (event.type === BATCH_INGESTED) {
    return {
      total: event.total_after,
      emission_limit: event.emission_limit,
      limit_revision: event.limit_revision,
      cause_id: event.batch_id,
    };
  }
  return { total: event.total, emission_limit: event.emission_limit, limit_revision: event.limit_revision, cause_id: event.change_id };
}
