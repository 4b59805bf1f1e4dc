import { raw, type SqlFragment, sql } from '../database/sql-fragment';
import type { After } from './readings-cursor';

export type ReadingsRange = { id: string; from: string | null; to: string | null };

/**
 * The WHERE of an export page over `measurements m`: the site's readings in [from, to) after `after`.
 * The seek compares (measured_at, sensor_id), not the whole key: with `site_id = …` also present, PostgreSQL
 * starts a btree scan from the equality on the first column and the next column's lower bound, so a row
 * comparison that begins with site_id would only filter, and every page would read the range from its start
 * (quadratic over an export). Beginning at the second column, the row comparison is that lower bound.
 */
export function readingsRangeCondition(range: ReadingsRange, after: After | null): SqlFragment {
  const seek = after === null ? sql`` : sql`AND (m.measured_at, m.sensor_id) > (${after.t}::timestamptz, ${after.s}::text)`;
  return sql`m.site_id = ${range.id}::uuid AND m.measured_at >= coalesce(${range.from}::timestamptz, '-infinity')
      AND m.measured_at < coalesce(${range.to}::timestamptz, 'infinity')
      ${seek}`;
}

/**
 * ORDER BY names the table's columns: a bare `measured_at` would be a text output column, which no index
 * orders, so each page would sort the whole range.
 */
export const READINGS_KEY_ORDER: SqlFragment = raw('ORDER BY m.site_id, m.measured_at, m.sensor_id');
