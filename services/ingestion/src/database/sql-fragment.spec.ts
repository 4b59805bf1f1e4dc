import { describe, expect, it } from 'vitest';
import { arrayLiteral, sql, withQueries } from './sql-fragment';

describe('sql', () => {
  it('keeps values out of the text, nesting fragments with their parameters in order', () => {
    const inner = sql`id = ${'a'}`;
    const q = withQueries([['x', sql`SELECT ${1} WHERE ${inner}`]], sql`SELECT * FROM x WHERE y = ${"it's"}`);
    expect(q.text).toBe('WITH x AS (SELECT ? WHERE id = ?)\nSELECT * FROM x WHERE y = ?');
    expect(q.params).toEqual([1, 'a', "it's"]);
  });
});

describe('arrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes only', () => {
    expect(arrayLiteral(['a', 'b,c', '{d}', 'e"f', 'g\\h', "i'j"])).toBe('{"a","b,c","{d}","e\\"f","g\\\\h","i\'j"}');
    expect(arrayLiteral([])).toBe('{}');
  });

  it('writes null as an unquoted NULL element, and the text "NULL" quoted', () => {
    expect(arrayLiteral(['1', null, 'NULL'])).toBe('{"1",NULL,"NULL"}');
    expect(arrayLiteral([null, null])).toBe('{NULL,NULL}');
  });

  it('quotes plain elements the same way as elements that need escaping', () => {
    expect(arrayLiteral(['2026-01-01T00:00:00.000Z', '12.5', 'a b,c'])).toBe('{"2026-01-01T00:00:00.000Z","12.5","a b,c"}');
    expect(arrayLiteral(['x'])).toBe('{"x"}');
  });
});
