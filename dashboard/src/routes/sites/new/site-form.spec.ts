import { describe, expect, it } from 'vitest';
import { checkSiteForm } from './site-form';

describe('checkSiteForm', () => {
  it('accepts a name, a limit and optional metadata', () => {
    expect(checkSiteForm({ name: ' Permian 7 ', emission_limit: '1000.5', metadata: '{"region":"TX"}' })).toEqual({
      ok: true,
      body: { name: ' Permian 7 ', emission_limit: '1000.5', metadata: { region: 'TX' } },
    });
  });

  it('reports each invalid field with the shared schema’s message', () => {
    const result = checkSiteForm({ name: '   ', emission_limit: '0', metadata: '' });
    expect(result).toEqual({ ok: false, errors: { name: 'must not be empty', emission_limit: 'must be > 0' } });
  });

  it('explains metadata that is not JSON', () => {
    const result = checkSiteForm({ name: 'A', emission_limit: '1', metadata: '{region: TX}' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.metadata).toMatch(/JSON object/);
  });
});
