import { PROBLEM_CODES, type ProblemCode } from '@emissions/contracts';
import type { NextFunction, Request, Response } from 'express';
import { renderProblemPage } from '../problems/problem-pages';
import { buildContentSecurityPolicies, type ContentSecurityPolicies, policyForPath } from './content-security-policy';
import { dashboardScriptHashes, inlineStyleHashes } from './inline-hashes';

/** Sent on every response, whatever serves it (API, problems, dashboard files, docs). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * One year, this host only: the gateway cannot know whether sibling subdomains serve HTTPS, so it does
 * not claim them (includeSubDomains) nor ask for preloading; a deployment that can may add them at its proxy.
 */
export const HSTS = 'max-age=31536000';

export type SecurityHeadersOptions = { production: boolean; policies: ContentSecurityPolicies };

/** Policies for this boot: the dashboard build's inline scripts and the problem pages' styles, hashed. */
export function contentSecurityPoliciesAtBoot(dashboardDir: string): ContentSecurityPolicies {
  const codes = Object.keys(PROBLEM_CODES) as ProblemCode[];
  const problemPageStyleHashes = [...new Set(codes.flatMap((code) => inlineStyleHashes(renderProblemPage(code))))];
  return buildContentSecurityPolicies({ dashboardScriptHashes: dashboardScriptHashes(dashboardDir), problemPageStyleHashes });
}

/**
 * Registered first, so every response carries the headers, including a body-parser rejection, a 404 and
 * a static file. HSTS only in production: browsers ignore it over plain HTTP, and a developer's
 * localhost must not be pinned to HTTPS.
 */
export function createSecurityHeadersMiddleware({ production, policies }: SecurityHeadersOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Content-Security-Policy', policyForPath(req.path, policies));
    if (production) res.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
}
