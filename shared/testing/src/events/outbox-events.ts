import { randomUUID } from 'node:crypto';
import type { BatchIngestedV1, SiteSettingsChangedV1 } from '@emissions/contracts';

/** A batch.ingested event as the ingest command writes it; totals default to a batch that crosses a limit of 100. */
export function batchIngestedEvent(overrides: Partial<BatchIngestedV1> = {}): BatchIngestedV1 {
  return {
    event_id: randomUUID(),
    type: 'batch.ingested',
    version: 1,
    site_id: randomUUID(),
    batch_id: randomUUID(),
    request_id: null,
    readings_accepted: 1,
    accepted_sum: '20',
    total_before: '90',
    total_after: '110',
    emission_limit: '100',
    committed_at: new Date().toISOString(),
    limit_revision: 0,
    ...overrides,
  };
}

/** A site.settings_changed event as PATCH writes it; defaults to a limit lowered from 1000 to 500 under a total of 600. */
export function settingsChangedEvent(overrides: Partial<SiteSettingsChangedV1> = {}): SiteSettingsChangedV1 {
  return {
    event_id: randomUUID(),
    type: 'site.settings_changed',
    version: 1,
    site_id: randomUUID(),
    change_id: randomUUID(),
    changed_by: 'operator',
    fields: ['emission_limit'],
    total: '600',
    emission_limit_before: '1000',
    emission_limit: '500',
    limit_revision: 1,
    committed_at: new Date().toISOString(),
    ...overrides,
  };
}
