import { describe, expect, it } from 'vitest';
import { csvLine } from './csv';

describe('csvLine', () => {
  it('quotes only fields that need it and leaves nulls empty', () => {
    expect(csvLine(['2026-01-01T00:00:00Z', 'a,b', 'say "hi"', null, 3])).toBe('2026-01-01T00:00:00Z,"a,b","say ""hi""",,3\r\n');
    expect(csvLine(['line\nbreak'])).toBe('"line\nbreak"\r\n');
  });
});
