// The `next` query is read in the browser; the page is served by the SPA fallback like the others.
export const prerender = false;
