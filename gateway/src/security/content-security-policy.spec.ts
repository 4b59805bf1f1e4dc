import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicies, policyForPath } from './content-security-policy';

const policies = buildContentSecurityPolicies({
  dashboardScriptHashes: ["'sha256-AAA='", "'sha256-BBB='"],
  problemPageStyleHashes: ["'sha256-CCC='"],
});

/** `script-src 'self' x` → { 'script-src': ["'self'", 'x'] } */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split('; ')
      .map((d) => d.split(' '))
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('buildContentSecurityPolicies', () => {
  it('lets the dashboard run its own files and the hashed inline scripts only', () => {
    expect(directives(policies.dashboard)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", "'sha256-AAA='", "'sha256-BBB='"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'font-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it('gives the docs the same policy with no inline script at all', () => {
    expect(directives(policies.docs)['script-src']).toEqual(["'self'"]);
    expect(policies.docs).not.toContain('unsafe-eval');
  });

  it('lets a problem page load nothing but its hashed stylesheet', () => {
    expect(directives(policies.problemPages)).toMatchObject({ 'default-src': ["'none'"], 'style-src': ["'sha256-CCC='"] });
  });

  it('lets API responses load nothing and be framed by nobody', () => {
    expect(policies.api).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

describe('policyForPath', () => {
  it.each([
    ['/api/docs', 'docs'],
    ['/api/docs/swagger-ui-bundle.js', 'docs'],
    ['/API/Docs/', 'docs'],
    ['/problems/validation-failed', 'problemPages'],
    ['/api/v1/sites', 'api'],
    ['/api/openapi.json', 'api'],
    ['/api/docsx', 'api'],
    ['/health/ready', 'api'],
    ['/metrics', 'api'],
    ['/', 'dashboard'],
    ['/sites/new', 'dashboard'],
    ['/_app/immutable/entry/start.js', 'dashboard'],
    ['/apis', 'dashboard'],
  ] as const)('%s gets the %s policy', (path, name) => {
    expect(policyForPath(path, policies)).toBe(policies[name]);
  });
});
