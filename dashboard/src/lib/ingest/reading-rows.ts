import { IngestV2RequestSchema, isRateUnit, V2_UNITS, type V2Unit } from '@emissions/contracts';
import type { IngestV2Body } from '$lib/api/api.client';
import { type FieldErrorMap, fieldErrorsFromIssues } from '$lib/forms/field-errors';

/**
 * One editable row of the manual ingestion form; every field is kept as the text the user typed. A rate unit
 * (`kg/h`, `scf/h`) needs `duration_s`, the seconds the rate lasted; it is not sent with a mass unit.
 */
export interface ReadingRow {
  id: number;
  sensor_id: string;
  measured_at: string;
  value: string;
  unit: V2Unit;
  duration_s?: string;
}

export const READING_FIELDS = ['sensor_id', 'measured_at', 'value', 'unit', 'duration_s'] as const;
export type ReadingField = (typeof READING_FIELDS)[number];

export interface RowDefaults {
  sensor_id: string;
  unit: V2Unit;
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
  return { id: newRowId(), sensor_id: defaults.sensor_id, measured_at: nowIso(at), value: '', unit: defaults.unit, duration_s: '' };
}

/**
 * The seconds of a rate row as the API takes them (a JSON integer); text that is not one becomes a number the
 * shared schema refuses with its own message (NaN, a fraction), and an empty field is left out ("required").
 */
function durationOf(row: ReadingRow): number | undefined {
  const text = row.duration_s?.trim() ?? '';
  return isRateUnit(row.unit) && text !== '' ? Number(text) : undefined;
}

export function toIngestBody(siteId: string, rows: readonly ReadingRow[]): IngestV2Body {
  return {
    site_id: siteId,
    readings: rows.map((r) => {
      const duration = durationOf(r);
      const reading = { sensor_id: r.sensor_id.trim(), measured_at: r.measured_at.trim(), value: r.value.trim(), unit: r.unit };
      return duration === undefined ? reading : { ...reading, duration_s: duration };
    }),
  };
}

export function rowsFromBody(body: IngestV2Body): ReadingRow[] {
  return body.readings.map(({ duration_s, ...r }) => ({
    id: newRowId(),
    ...r,
    unit: isV2Unit(r.unit) ? r.unit : 'kg',
    duration_s: duration_s === undefined ? '' : String(duration_s),
  }));
}

export function isV2Unit(value: string): value is V2Unit {
  return (V2_UNITS as readonly string[]).includes(value);
}

/** Path of a row's field in the contract's error syntax. */
export const rowFieldPath = (index: number, field: ReadingField) => `readings[${index}].${field}`;

/** True for paths that a row's inputs display, so the rest can be shown at form level. */
export function isRowFieldPath(path: string): boolean {
  return /^readings\[\d+\]\.(sensor_id|measured_at|value|unit|duration_s)$/.test(path);
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
