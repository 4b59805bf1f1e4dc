// After `vite build`: writes build/routes.json (the app's page paths, so the gateway answers 404 for any other
// path while deep links keep working) and a brotli and a gzip copy of every text asset, made once here so the
// gateway serves them without compressing per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const build = join(root, 'build');
const routesDir = join(root, 'src', 'routes');

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** `src/routes/sites/[id]/ingest/+page.svelte` → `^/sites/[^/]+/ingest/?$` (route groups `(x)` are dropped). */
/** @param {string} file */
function pagePattern(file) {
  const segments = relative(routesDir, file)
    .split(sep)
    .slice(0, -1)
    .filter((s) => !/^\(.*\)$/.test(s));
  const body = segments
    .map((s) => (s.startsWith('[...') ? '.*' : s.startsWith('[') ? '[^/]+' : s.replace(/[.*+?^${}()|\\]/g, '\\$&')))
    .join('/');
  return `^/${body}${body ? '/?' : ''}$`;
}

const pages = walk(routesDir)
  .filter((f) => f.endsWith(`${sep}+page.svelte`))
  .map(pagePattern)
  .sort();
writeFileSync(join(build, 'routes.json'), `${JSON.stringify({ pages }, null, 2)}\n`);

let compressed = 0;
for (const file of walk(build)) {
  if (!/\.(js|css|html|svg|json|txt|map)$/.test(file) || statSync(file).size < 1024) continue;
  const data = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
  compressed++;
}
console.log(`routes.json: ${pages.length} pages; ${compressed} files precompressed (br, gz)`);
