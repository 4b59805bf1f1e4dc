/**
 * A PostgreSQL array literal (`{"a",NULL}`) passed as one parameter, so a batch of readings is a handful
 * of parameters however many it holds (knex would expand a JS array binding into a list).
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  const elements = values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`));
  return `{${elements.join(',')}}`;
}

/** Select-list expression: a timestamptz column as whole microseconds since the epoch (text, exact). */
export function microsOf(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
}
