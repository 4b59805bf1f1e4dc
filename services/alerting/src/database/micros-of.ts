/** Select-list expression: a timestamptz column as whole microseconds since the epoch (text, exact). */
export function microsOf(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
}
