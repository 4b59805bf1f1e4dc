import {
  BATCH_INGESTED,
  BatchIngestedV1Schema,
  type SiteSettingsChangedV1,
  SiteSettingsChangedV1Schema,
  type BatchIngestedV1,
} from '@emissions/contracts';
import { z } from 'zod';

/** Every outbox event alerting judges compliance on: a committed batch, or a settings change (a new limit). */
export const ComplianceEventSchema = z.discriminatedUnion('type', [BatchIngestedV1Schema, SiteSettingsChangedV1Schema]);
export type ComplianceEvent = BatchIngestedV1 | SiteSettingsChangedV1;

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
