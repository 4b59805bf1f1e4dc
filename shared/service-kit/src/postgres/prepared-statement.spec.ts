import { describe, expect, it } from 'vitest';
import { numberedPlaceholders } from './prepared-statement';

describe('numberedPlaceholders', () => {
  it('numbers every ? in order', () => {
    expect(numberedPlaceholders('SELECT ?::int + ?::int WHERE x = ANY(?::text[])')).toBe(
      'SELECT $1::int + $2::int WHERE x = ANY($3::text[])',
    );
    expect(numberedPlaceholders('SELECT 1')).toBe('SELECT 1');
  });
});
