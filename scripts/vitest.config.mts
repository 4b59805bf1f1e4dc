// Unit tests of the repository scripts' logic (scripts/**/*.spec.mjs); run by `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { root: new URL('.', import.meta.url).pathname, include: ['**/*.spec.mjs'] },
});
