/**
 * The shape of a JSON value, as golden fixtures record it: each field's name and JSON type, recursively.
 * `"string" | "number" | "boolean" | "null"` for scalars, an object of shapes for an object, and for an
 * array either `[]` (no element recorded) or `[shape]` (every element has that shape).
 */
export type Shape = 'string' | 'number' | 'boolean' | 'null' | Shape[] | { [field: string]: Shape };

const SCALARS = new Set(['string', 'number', 'boolean', 'null']);

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Objects whose members are the client's own data (a site's `metadata`), not the API's: recorded as `{}`. */
const FREE_FORM_FIELDS = new Set(['metadata']);

/** Records the shape of a response body; an array's element shape is taken from its first element. */
export function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([field, inner]): [string, Shape] => [
      field,
      FREE_FORM_FIELDS.has(field) && jsonTypeOf(inner) === 'object' ? {} : shapeOf(inner),
    ]);
    return Object.fromEntries(fields);
  }
  return jsonTypeOf(value) as Shape;
}

/**
 * Differences that break a recorded shape: a missing field, another JSON type, an empty array where
 * elements were recorded. Fields the recording does not know are allowed: v1 responses may grow.
 */
export function shapeDiff(expected: Shape, actual: unknown, path = '$'): string[] {
  if (typeof expected === 'string') {
    if (!SCALARS.has(expected)) return [`${path}: the fixture has an unknown type "${expected}"`];
    const type = jsonTypeOf(actual);
    return type === expected ? [] : [`${path}: expected ${expected}, got ${type}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected array, got ${jsonTypeOf(actual)}`];
    if (expected.length === 0) return [];
    if (actual.length === 0) return [`${path}: expected elements shaped like the recording, got an empty array`];
    return actual.flatMap((element, i) => shapeDiff(expected[0], element, `${path}[${i}]`));
  }
  if (jsonTypeOf(actual) !== 'object') return [`${path}: expected object, got ${jsonTypeOf(actual)}`];
  const object = actual as Record<string, unknown>;
  return Object.entries(expected).flatMap(([field, inner]) =>
    Object.hasOwn(object, field) ? shapeDiff(inner, object[field], `${path}.${field}`) : [`${path}.${field}: missing`],
  );
}
