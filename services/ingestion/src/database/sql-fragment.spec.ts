import { describe, expect, it } from 'vitest';
import { sql, withQueries } from './sql-fragment';

describe('sql', () => {
  it('keeps values out of the text, nesting fragments with their parameters in order', () => {
    const inner = sql`id = ${'a'}`;
    const q = withQueries([['x', sql`SELECT ${1} WHERE ${inner}`]], sql`SELECT * FROM x WHERE y = ${"it's"}`);
    expect(q.text).toBe('WITH x AS (SELECT ? WHERE id = ?)\nSELECT * FROM x WHERE y = ?');
    expect(q.params).toEqual([1, 'a', "it's"]);
  });
});
