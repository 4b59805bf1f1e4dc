import { describe, expect, it } from 'vitest';
import { diffSettings, type StoredSettings } from './settings-diff';

const stored: StoredSettings = {
  name: 'Pad A',
  emission_limit: '1000',
  metadata: { a: 1, b: { c: 2 } },
  timezone: 'UTC',
  annual_limit: null,
  reporting_year_start_month: 1,
  near_limit_pct: 80,
  super_emitter_kg_h: '100',
};

describe('diffSettings', () => {
  it('ignores fields sent with the value already stored, decimals and key order included', () => {
    expect(diffSettings(stored, { emission_limit: '1000.000', metadata: { b: { c: 2 }, a: 1 }, near_limit_pct: 80 })).toEqual([]);
  });

  it('lists each changed field with its old and new value, null annual limits included', () => {
    expect(diffSettings(stored, { annual_limit: '500', timezone: 'Asia/Tokyo', emission_limit: '999.5' })).toEqual([
      { field: 'annual_limit', old_value: null, new_value: '500' },
      { field: 'emission_limit', old_value: '1000', new_value: '999.5' },
      { field: 'timezone', old_value: 'UTC', new_value: 'Asia/Tokyo' },
    ]);
    expect(diffSettings({ ...stored, annual_limit: '5' }, { annual_limit: null })).toEqual([
      { field: 'annual_limit', old_value: '5', new_value: null },
    ]);
  });
});
