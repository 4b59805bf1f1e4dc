// A single-page app: the shell is prerendered, everything else renders in the browser,
// because the gateway serves static files and the data comes from its API at runtime.
export const prerender = true;
export const ssr = false;
