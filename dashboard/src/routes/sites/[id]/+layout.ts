// Site ids are only known at runtime: these pages are served by the SPA fallback, not prerendered.
export const prerender = false;
