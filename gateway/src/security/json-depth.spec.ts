import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, jsonTextExceedsDepth } from './json-depth';

/** `levels` nested arrays around 1: nested(2) is [[1]], of depth 2. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

const text = (json: string) => new TextEncoder().encode(json);

/** Both checks judge every value alike: once parsed, and as its JSON text. */
function exceeds(value: unknown, max: number): boolean {
  const parsed = exceedsJsonDepth(value, max);
  expect(jsonTextExceedsDepth(text(JSON.stringify(value)), max)).toBe(parsed);
  return parsed;
}

describe('JSON depth', () => {
  it('counts each object or array as one level, scalars as none', () => {
    expect(exceeds('text', 0)).toBe(false);
    expect(exceeds({}, 1)).toBe(false);
    expect(exceeds({}, 0)).toBe(true);
    expect(exceeds({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(exceeds({ a: [{ b: {} }] }, 3)).toBe(true);
  });

  it('accepts a value exactly at the limit and rejects one level more', () => {
    expect(exceeds(nested(32), 32)).toBe(false);
    expect(exceeds(nested(33), 32)).toBe(true);
    expect(exceeds({ wide: [nested(31)], deep: { x: nested(31) } }, 32)).toBe(true);
  });

  it('judges the deepest branch, wherever it is among wide shallow ones', () => {
    const wide = Array.from({ length: 1000 }, (_, i) => (i === 777 ? nested(40) : { i }));
    expect(exceeds({ wide }, 32)).toBe(true);
    expect(exceeds({ wide: wide.slice(0, 777) }, 32)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const value = { s: '[[[[{{{{', t: 'say \\"[[[[\\" and "{{{{"', u: 'ü[[[[ 漢字 {{' };
    expect(exceeds(value, 1)).toBe(false);
  });

  it('walks hostile nesting without overflowing the stack', () => {
    const hostile = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(jsonTextExceedsDepth(text(hostile), 32)).toBe(true);
    expect(jsonTextExceedsDepth(text(hostile), 100_000)).toBe(false);
    const parsed: unknown = JSON.parse(hostile);
    expect(exceedsJsonDepth(parsed, 32)).toBe(true);
    expect(exceedsJsonDepth(parsed, 100_000)).toBe(false);
  });
});
