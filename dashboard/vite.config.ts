import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
// From vitest/config because of the `test` key (svelte-check flags vite's own defineConfig otherwise).
import { defineConfig } from 'vitest/config';

const gatewayUrl = process.env.GATEWAY_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit()],
  // The contracts package is built as CommonJS for Node; the browser takes its TypeScript source instead, as
  // ES modules, so the bundler keeps only the schemas a page uses (the CommonJS build drags all of zod along).
  resolve: { alias: { '@emissions/contracts': fileURLToPath(new URL('../shared/contracts/src/index.ts', import.meta.url)) } },
  // In `vite dev`, forward the API to a running gateway so the dashboard stays same-origin.
  server: { proxy: { '/api': { target: gatewayUrl, changeOrigin: false } } },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});
