import { sveltekit } from '@sveltejs/kit/vite';
// From vitest/config because of the `test` key (svelte-check flags vite's own defineConfig otherwise).
import { defineConfig } from 'vitest/config';

const gatewayUrl = process.env.GATEWAY_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit()],
  // The contracts package is CommonJS from the workspace; pre-bundle it so the browser gets ESM in dev.
  optimizeDeps: { include: ['@emissions/contracts'] },
  ssr: { noExternal: ['@emissions/contracts'] },
  // In `vite dev`, forward the API to a running gateway so the dashboard stays same-origin.
  server: { proxy: { '/api': { target: gatewayUrl, changeOrigin: false } } },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});
