import { randomUUID } from 'node:crypto';
import type { SiteChange } from '@emissions/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { join, query, raw, sql } from '../../database/sql-fragment';
import type { FieldChange, SettingsField, StoredSettings } from './settings-diff';

/** A site's settings, locked for a change, with what a change needs to judge it. */
export type LockedSettings = {
  settings: StoredSettings;
  total: string;
  has_readings: boolean;
  limit_revision: number;
  archived_at: string | null;
};

/** Column and SQL type of each settable field (the only identifiers a change writes). */
const COLUMN_OF: Record<SettingsField, readonly [column: string, type: string]> = {
  name: ['name', 'text'],
  emission_limit: ['emission_limit', 'numeric'],
  metadata: ['metadata', 'jsonb'],
  timezone: ['timezone', 'text'],
  annual_limit: ['annual_limit', 'numeric'],
  reporting_year_start_month: ['reporting_year_start_month', 'smallint'],
  near_limit_pct: ['near_limit_pct', 'numeric'],
  super_emitter_kg_h: ['super_emitter_kg_h', 'numeric'],
};

/**
 * Fields whose change starts a new limit revision: each can make a crossing (limit, near-limit band or
 * annual limit and its year), and each revision is its own crossing to judge.
 */
const REVISED_BY: ReadonlySet<SettingsField> = new Set(['emission_limit', 'near_limit_pct', 'annual_limit', 'reporting_year_start_month']);

/** All SQL of settings changes: the locked read, the update and the append-only `site_changes` log. */
@Injectable()
export class SiteChangesRepository {
  /**
   * FOR UPDATE: waits for batches in flight (they hold KEY SHARE on the row) and holds new ones off, so
   * `has_readings` is true of every committed reading and no batch rolls up under a zone being replaced.
   */
  async lock(em: EntityManager, siteId: string): Promise<LockedSettings | null> {
    const [row] = await query<LockedSettings>(
      em,
      sql`SELECT json_build_object('name', name, 'emission_limit', trim_scale(emission_limit)::text, 'metadata', metadata,
          'timezone', timezone, 'annual_limit', trim_scale(annual_limit)::text, 'reporting_year_start_month', reporting_year_start_month,
          'near_limit_pct', trim_scale(near_limit_pct), 'super_emitter_kg_h', trim_scale(super_emitter_kg_h)::text) AS settings,
        trim_scale(total_emissions)::text AS total, limit_revision, iso_utc(archived_at) AS archived_at,
        (measurement_count > 0 OR EXISTS (SELECT FROM measurements m WHERE m.site_id = s.id)) AS has_readings
      FROM sites s WHERE id = ${siteId}::uuid FOR UPDATE`,
    );
    return row ?? null;
  }

  /** Writes the changed fields; a changed limit setting (REVISED_BY) starts a new limit revision. Returns the revision. */
  async apply(em: EntityManager, siteId: string, changes: readonly FieldChange[]): Promise<number> {
    const sets = changes.map((c) => {
      const [column, type] = COLUMN_OF[c.field];
      const value = c.new_value === null ? null : type === 'jsonb' ? JSON.stringify(c.new_value) : String(c.new_value);
      return sql`${raw(column)} = ${value}::${raw(type)}`;
    });
    const limitChanged = changes.some((c) => REVISED_BY.has(c.field));
    const [row] = await query<{ limit_revision: number }>(
      em,
      sql`UPDATE sites SET ${join(sets, ', ')}, limit_revision = limit_revision + ${limitChanged ? 1 : 0}, updated_at = now()
        WHERE id = ${siteId}::uuid RETURNING limit_revision`,
    );
    return row.limit_revision;
  }

  /** Appends one log row per changed field, all under one change id. */
  async append(em: EntityManager, siteId: string, changeId: string, changedBy: string, changes: readonly FieldChange[]): Promise<void> {
    const rows = changes.map(
      (c) =>
        sql`(${siteId}::uuid, ${changeId}::uuid, ${changedBy}, ${c.field}, ${JSON.stringify(c.old_value)}::jsonb, ${JSON.stringify(c.new_value)}::jsonb)`,
    );
    await query(em, sql`INSERT INTO site_changes (site_id, change_id, changed_by, field, old_value, new_value) VALUES ${join(rows, ', ')}`);
  }

  /** Archives the site now, with its change-log row (`archived_at` from null to the time). */
  async archive(em: EntityManager, siteId: string, changedBy: string): Promise<void> {
    await query(
      em,
      sql`WITH archived AS (
          UPDATE sites SET archived_at = now(), updated_at = now() WHERE id = ${siteId}::uuid RETURNING iso_utc(archived_at) AS archived_at
        )
        INSERT INTO site_changes (site_id, change_id, changed_by, field, old_value, new_value)
        SELECT ${siteId}::uuid, ${randomUUID()}::uuid, ${changedBy}, 'archived_at', 'null'::jsonb, to_jsonb(archived_at::text) FROM archived`,
    );
  }

  /** Newest first; `null` when the site does not exist. */
  async list(em: EntityManager, siteId: string): Promise<SiteChange[] | null> {
    const rows = await query<SiteChange & { site: string | null }>(
      em,
      sql`SELECT s.id AS site, iso_utc(c.changed_at) AS changed_at, c.changed_by, c.field, c.old_value, c.new_value
        FROM sites s LEFT JOIN site_changes c ON c.site_id = s.id WHERE s.id = ${siteId}::uuid ORDER BY c.seq DESC`,
    );
    if (rows.length === 0) return null;
    return rows
      .filter((r) => r.field !== null)
      .map((r) => ({ changed_at: r.changed_at, changed_by: r.changed_by, field: r.field, old_value: r.old_value, new_value: r.new_value }));
  }
}
