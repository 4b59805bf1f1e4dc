import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal';

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

  it('writes numbers as quoted elements, beside text that needs escaping or not', () => {
    expect(arrayLiteral([900, 60])).toBe('{"900","60"}');
    expect(arrayLiteral([1.5, 'a"b', null])).toBe('{"1.5","a\\"b",NULL}');
  });
});
