/**
 * A PostgreSQL array literal (`{"a","b"}`) passed as one parameter, so a batch of readings is a handful of
 * parameters however many it holds (knex would expand a JS array binding into a list). Every element is quoted,
 * quotes and backslashes escaped; `null` is an SQL NULL element.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  if (values.length === 0) return '{}';
  let plain = true;
  for (let i = 0; i < values.length && plain; i++) {
    const v = values[i];
    plain = v !== null && (typeof v === 'number' || !NEEDS_ESCAPE.test(v));
  }
  // The usual case (timestamps, decimals, ordinary sensor ids) is one join: no string per element.
  if (plain) return `{"${values.join('","')}"}`;
  const elements = values.map((v) => {
    if (v === null) return 'NULL';
    const text = String(v);
    return `"${NEEDS_ESCAPE.test(text) ? text.replace(/["\\]/g, '\\$&') : text}"`;
  });
  return `{${elements.join(',')}}`;
}

const NEEDS_ESCAPE = /["\\]/;
