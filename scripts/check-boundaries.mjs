// Enforces the Nx project tags: apps never import other apps; contracts import only zod and decimal.js;
// utils import no apps. Tests are held to it too, and to two rules of their own: a workspace package is
// imported only when the importing package declares it (production code: in dependencies; tests, specs and
// configs: in devDependencies too), and @emissions/testing only from tests. Fails (exit 1) listing each file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const projects = rootPkg.workspaces.map((dir) => {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const tags = pkg.nx?.tags ?? [];
  return {
    dir,
    name: pkg.name,
    type: tags.find((t) => t.startsWith('type:'))?.slice(5),
    dependencies: new Set(Object.keys(pkg.dependencies ?? {})),
    devDependencies: new Set(Object.keys(pkg.devDependencies ?? {})),
  };
});
const byName = new Map(projects.map((p) => [p.name, p]));
const CONTRACT_DEPS = new Set(['zod', 'decimal.js']);
const SKIP = new Set(['node_modules', 'dist', 'build', '.svelte-kit', 'test-artifacts']);
/** Test code: the test/ and e2e/ folders, spec files and tool configs (vitest, playwright, vite). */
const isTestCode = (where) => /(^|\/)(test|e2e)\//.test(where) || /\.(spec|int-spec|e2e-spec|fault-spec)\.ts$|\.config\.m?ts$/.test(where);

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs|svelte)$/.test(entry) && !entry.endsWith('.d.ts')) yield path;
  }
}

const violations = [];
for (const project of projects) {
  if (!project.type) violations.push(`${project.dir}/package.json: missing a type:* tag`);
  for (const file of sourceFiles(join(root, project.dir))) {
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)) {
      const where = relative(root, file);
      if (spec.startsWith('.')) {
        const target = join(file, '..', spec);
        const owner = projects.find((p) => target.startsWith(`${join(root, p.dir)}/`));
        if (owner && owner !== project) violations.push(`${where}: relative import reaches into ${owner.dir}`);
        continue;
      }
      const pkgName = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      const target = byName.get(pkgName);
      if (
        project.type === 'contracts' &&
        !spec.startsWith('node:') &&
        !CONTRACT_DEPS.has(pkgName) &&
        !/(\.spec\.ts|\.config\.mts)$/.test(file)
      ) {
        violations.push(`${where}: contracts may import only zod and decimal.js, not ${spec}`);
      }
      if (target?.type === 'app') violations.push(`${where}: imports the app ${target.name}`);
      if (target && target !== project) {
        const testCode = isTestCode(relative(join(root, project.dir), file));
        const declared = project.dependencies.has(pkgName) || (testCode && project.devDependencies.has(pkgName));
        if (!declared)
          violations.push(
            `${where}: imports ${pkgName}, which ${project.dir}/package.json does not declare${testCode ? '' : ' in dependencies'}`,
          );
        if (pkgName === '@emissions/testing' && !testCode) violations.push(`${where}: @emissions/testing is for tests only`);
      }
      if (project.type === 'contracts' && spec.startsWith('node:') && !/\.config\.mts$/.test(file))
        violations.push(`${where}: contracts must run in the browser too, not import ${spec}`);
    }
  }
}
if (violations.length) {
  console.error(`Module boundary violations (${violations.length}):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log(`Module boundaries: ${projects.length} projects checked, no violations.`);
