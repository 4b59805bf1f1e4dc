type Directives = Record<string, string[]>;

export type ContentSecurityPolicies = {
  /** The SvelteKit dashboard: its own files, plus the build's inline bootstrap scripts by hash. */
  dashboard: string;
  /** The Swagger UI page at /api/docs: external scripts and a stylesheet, no inline script. */
  docs: string;
  /** The HTML pages behind problem `type` URIs: one inline stylesheet, allowed by hash; nothing else loads. */
  problemPages: string;
  /** JSON, Prometheus text, SSE: nothing may load, nothing may frame it. */
  api: string;
};

export type PolicyInputs = { dashboardScriptHashes: string[]; problemPageStyleHashes: string[] };

function serialize(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * style-src keeps 'unsafe-inline': Svelte transitions and chart.js write `style` attributes and elements at
 * run time, which hashes cannot cover. Scripts, the real injection vector, stay limited to 'self' + hashes.
 */
const browserPage = (scriptSources: string[]): Directives => ({
  'default-src': ["'self'"],
  'script-src': ["'self'", ...scriptSources],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
});

export function buildContentSecurityPolicies(inputs: PolicyInputs): ContentSecurityPolicies {
  return {
    dashboard: serialize(browserPage(inputs.dashboardScriptHashes)),
    docs: serialize(browserPage([])),
    problemPages: serialize({
      'default-src': ["'none'"],
      'style-src': inputs.problemPageStyleHashes,
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    }),
    api: serialize({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] }),
  };
}

// Case-insensitive like Express routing, so /API/Docs gets the policy of the page it serves.
const DOCS = /^\/api\/docs(\/|$)/i;
const PROBLEM_PAGES = /^\/problems(\/|$)/i;
const GATEWAY_OWNED = /^\/(api|health|metrics)(\/|$)/i;

/** The policy of a path: the gateway's own routes by prefix, everything else belongs to the dashboard. */
export function policyForPath(path: string, policies: ContentSecurityPolicies): string {
  if (DOCS.test(path)) return policies.docs;
  if (PROBLEM_PAGES.test(path)) return policies.problemPages;
  if (GATEWAY_OWNED.test(path)) return policies.api;
  return policies.dashboard;
}
