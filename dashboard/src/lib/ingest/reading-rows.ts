import { IngestV2RequestSchema, MASS_UNITS, type MassUnit } from '@emissions/contracts';
import type { IngestV2Body } from '$lib/api/api.client';
import { type FieldErrorMap, fieldErrorsFromIssues } from '$lib/forms/field-errors';

/** One editable row of the manual ingestion form; every field is kept as the text the user typed. */
export interface ReadingRow {
  id: number;
  sensor_id: string;
  measured_at: string;
  value: string;
  unit: MassUnit;
}

export const READING_FIELDS = ['sensor_id', 'measured_at', 'value', 'unit'] as const;
export type ReadingField = (typeof READING_FIELDS)[number];

export interface RowDefaults {
  sensor_id: string;
  unit: MassUnit;
}

let nextRowId = 1;
export const newRowId = () => nextRowId++;

/** Current time without milliseconds, in the UTC form the API answers with. */
export function nowIso(now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/**
 * A new row with the defaults. Its time is "now", moved back a minute at a time until no other row of
 * the same sensor has it: the same sensor and time would be a duplicate that adds nothing.
 */
export function newReadingRow(rows: readonly ReadingRow[], defaults: RowDefaults, now: Date = new Date()): ReadingRow {
  const taken = new Set(rows.filter((r) => r.sensor_id === defaults.sensor_id).map((r) => r.measured_at));
  let at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  while (taken.has(nowIso(at))) at = new Date(at.getTime() - 60_000);
  return { id: newRowId(), sensor_id: defaults.sensor_id, measured_at: nowIso(at), value: '', unit: defaults.unit };
}

export function toIngestBody(siteId: string, rows: readonly ReadingRow[]): IngestV2Body {
  return {
    site_id: siteId,
    readings: rows.map((r) => ({ sensor_id: r.sensor_id.trim(), measured_at: r.measured_at.trim(), value: r.value.trim(), unit: r.unit })),
  };
}

export function rowsFromBody(body: IngestV2Body): ReadingRow[] {
  return body.readings.map((r) => ({ id: newRowId(), ...r, unit: isMassUnit(r.unit) ? r.unit : 'kg' }));
}

export function isMassUnit(value: string): value is MassUnit {
  return (MASS_UNITS as readonly string[]).includes(value);
}

/** Path of a row's field in the contract's error syntax. */
export const rowFieldPath = (index: number, field: ReadingField) => `readings[${index}].${field}`;

/** True for paths that a row's inputs display, so the rest can be shown at form level. */
export function isRowFieldPath(path: string): boolean {
  return /^readings\[\d+\]\.(sensor_id|measured_at|value|unit)$/.test(path);
}

export type ReadingsCheck = { ok: true; body: IngestV2Body } | { ok: false; errors: FieldErrorMap };

/**
 * Validates with the server's own schema, batch by batch (any number of rows is sent as batches of 100),
 * with error paths numbered over all rows. On success the body keeps the user's units and text.
 */
export function checkReadings(siteId: string, rows: readonly ReadingRow[], batchSize = 100): ReadingsCheck {
  const body = toIngestBody(siteId, rows);
  const issues = [];
  for (let at = 0; at < Math.max(1, body.readings.length); at += batchSize) {
    const parsed = IngestV2RequestSchema.safeParse({ site_id: siteId, readings: body.readings.slice(at, at + batchSize) });
    if (parsed.success) continue;
    issues.push(
      ...parsed.error.issues.map((i) => ({
        ...i,
        path: i.path[0] === 'readings' ? ['readings', Number(i.path[1]) + at, ...i.path.slice(2)] : i.path,
      })),
    );
  }
  return issues.length === 0 ? { ok: true, body } : { ok: false, errors: fieldErrorsFromIssues(issues) };
}

/** Field errors of one batch, renumbered to rows of the whole upload (`readings[3]` of batch 2 is row 103). */
export function shiftRowPaths<T extends { path: string }>(errors: readonly T[], offset: number): T[] {
  return errors.map((e) => ({ ...e, path: e.path.replace(/^readings\[(\d+)\]/, (_, i) => `readings[${Number(i) + offset}]`) }));
}
