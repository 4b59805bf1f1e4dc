import type { Site } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { checkSettings, formatChangeValue, settingsFromSite } from './settings-form';

const site: Site = {
  id: '6f1c2c1e-7c1a-4a55-9b1e-2f0d3c4b5a69',
  name: 'Well 7',
  emission_limit: '1000',
  metadata: { basin: 'Permian' },
  total_emissions_to_date: '12',
  compliance_status: 'Within Limit',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  timezone: 'UTC',
  annual_limit: null,
  reporting_year_start_month: 1,
  near_limit_pct: 80,
  super_emitter_kg_h: '100',
  archived_at: null,
};

describe('checkSettings', () => {
  it('sends nothing when nothing changed, however a number was retyped', () => {
    const values = { ...settingsFromSite(site), emission_limit: '1000.000', near_limit_pct: '80.0' };
    expect(checkSettings(site, values)).toEqual({ ok: true, body: null });
  });

  it('sends only the changed fields, typed as the contract wants', () => {
    const values = { ...settingsFromSite(site), annual_limit: '500.5', reporting_year_start_month: '4', near_limit_pct: '90' };
    expect(checkSettings(site, values)).toEqual({
      ok: true,
      body: { annual_limit: '500.5', reporting_year_start_month: 4, near_limit_pct: 90 },
    });
  });

  it('clears an annual limit with null', () => {
    const withLimit = { ...site, annual_limit: '700' };
    expect(checkSettings(withLimit, { ...settingsFromSite(withLimit), annual_limit: '' })).toEqual({
      ok: true,
      body: { annual_limit: null },
    });
  });

  it('reports field errors with the server schema messages', () => {
    const result = checkSettings(site, { ...settingsFromSite(site), emission_limit: '-1', near_limit_pct: '101', timezone: 'Mars/Base' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['emission_limit', 'near_limit_pct', 'timezone']);
    expect(result.errors.near_limit_pct).toBe('must be <= 100');
  });

  it('refuses metadata that is not JSON, and sends changed metadata', () => {
    expect(checkSettings(site, { ...settingsFromSite(site), metadata: '{oops' })).toMatchObject({
      ok: false,
      errors: { metadata: expect.any(String) },
    });
    expect(checkSettings(site, { ...settingsFromSite(site), metadata: '{"basin":"Delaware"}' })).toEqual({
      ok: true,
      body: { metadata: { basin: 'Delaware' } },
    });
  });

  it('refuses an empty near-limit percentage instead of dropping it', () => {
    expect(checkSettings(site, { ...settingsFromSite(site), near_limit_pct: '' })).toMatchObject({ ok: false });
  });
});

describe('formatChangeValue', () => {
  it('reads null as none and objects as JSON', () => {
    expect(formatChangeValue(null)).toBe('none');
    expect(formatChangeValue({ a: 1 })).toBe('{"a":1}');
    expect(formatChangeValue('1000')).toBe('1000');
  });
});
