import { raw, type SqlFragment, sql } from '../database/sql-fragment';

/**
 * The one place ingestion decides a site's super-emitter threshold (kg/h), which the batch.ingested event
 * carries so the alerting service classifies the batch's rate readings with the threshold in force when it
 * committed. Read in the summary UPDATE's RETURNING, i.e. from the site row this transaction has locked:
 * the site's `super_emitter_kg_h` setting (default "100", changed by PATCH).
 */
export function superEmitterThresholdOf(siteAlias: string): SqlFragment {
  return sql`trim_scale(${raw(siteAlias)}.super_emitter_kg_h)::text`;
}
