import { DEFAULT_SUPER_EMITTER_KG_H } from '@emissions/contracts';
import { type SqlFragment, sql } from '../database/sql-fragment';

/**
 * The one place ingestion decides a site's super-emitter threshold (kg/h), which the batch.ingested event
 * carries so the alerting service classifies the batch's rate readings with the threshold in force when it
 * committed. Read in the summary UPDATE's RETURNING, i.e. from the site row this transaction has locked.
 *
 * Merge seam (issue 13, site settings): until `sites.super_emitter_kg_h` exists every site has the
 * contract's default "100". Once the column exists, this becomes
 *   sql`trim_scale(${raw(_siteAlias)}.super_emitter_kg_h)::text`  (raw from database/sql-fragment)
 * and nothing else in ingestion changes.
 */
export function superEmitterThresholdOf(_siteAlias: string): SqlFragment {
  return sql`${DEFAULT_SUPER_EMITTER_KG_H}::text`;
}
