// The environment variables each workspace's config schema knows, read from its compiled config/env.js
// (the build runs first), so compose can never set a variable that a service silently ignores.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The exported `*EnvSchema` Zod object of a workspace, or a problem when it cannot be read. */
export async function loadEnvSchema(root, ws) {
  const file = join(root, ws.dir, 'dist/config/env.js');
  if (!existsSync(file)) return { problem: `${ws.dir}/dist/config/env.js is missing: build first (npm run build)` };
  const mod = await import(pathToFileURL(file).href);
  const exports = { ...mod.default, ...mod };
  const entry = Object.entries(exports).find(
    ([name, value]) => name.endsWith('EnvSchema') && value && typeof value === 'object' && 'shape' in value,
  );
  if (!entry) return { problem: `${ws.dir}/src/config/env.ts exports no *EnvSchema (a Zod object) for the compose check` };
  return { schema: entry[1], keys: new Set(Object.keys(entry[1].shape)) };
}

/** Compose `environment` as a map (it may be a list of KEY=VALUE). */
export function environmentOf(service) {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? undefined : String(v)]));
  return Object.fromEntries(
    env.map((item) => {
      const [key, ...rest] = String(item).split('=');
      return [key, rest.length ? rest.join('=') : undefined];
    }),
  );
}

/** Problems of one service's environment against the schemas of the workspaces its command runs. */
export function checkEnvironment(serviceName, env, schemas) {
  const problems = [];
  const known = new Set(schemas.flatMap((s) => [...s.keys]));
  for (const key of Object.keys(env)) {
    if (!known.has(key))
      problems.push(`${serviceName}: environment ${key} is not a variable of ${schemas.map((s) => s.label).join(' or ')}`);
  }
  // Values are checked too (interpolated ${…} values are left to run time), each by the schemas that know the key.
  for (const s of schemas) {
    const values = Object.fromEntries(Object.entries(env).filter(([k, v]) => s.keys.has(k) && v !== undefined && !v.includes('${')));
    const parsed = s.schema.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${serviceName}: ${issue.path.join('.')} rejected by ${s.label}: ${issue.message}`);
    }
  }
  return problems;
}
