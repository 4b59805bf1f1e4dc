import adapterStatic from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // The gateway serves `build/` at `/` and answers unknown paths with 200.html (SPA fallback).
    // 'index.html' as fallback would overwrite the prerendered index.
    adapter: adapterStatic({ pages: 'build', assets: 'build', fallback: '200.html' }),
  },
};
