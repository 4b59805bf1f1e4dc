// The environment variables each workspace's config schema knows, read from its compiled config/env.js
// (the build runs first), so compose can never set a variable that a service silently ignores.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The exported `*EnvSchema` of a workspace and the variables it knows, or a problem when it cannot be read.
 * The schema may be a Zod object or wrap one (`.transform()`, `.pipe()`, `.default()`…): its keys are the
 * wrapped object's, and values are still checked by the whole schema, cross-field rules included.
 */
export async function loadEnvSchema(root, ws) {
  const file = join(root, ws.dir, 'dist/config/env.js');
  if (!existsSync(file)) return { problem: `${ws.dir}/dist/config/env.js is missing: build first (npm run build)` };
  const mod = await import(pathToFileURL(file).href);
  const exports = { ...mod.default, ...mod };
  for (const [name, value] of Object.entries(exports)) {
    const shape = name.endsWith('EnvSchema') ? objectShape(value) : undefined;
    if (shape) return { schema: value, keys: new Set(Object.keys(shape)) };
  }
  return {
    problem: `${ws.dir}/src/config/env.ts exports no *EnvSchema (a Zod object, or one wrapped in .transform()) for the compose check`,
  };
}

/** The shape of the Zod object a schema is or wraps: a pipe's input side, a wrapper's inner type. */
function objectShape(schema, depth = 0) {
  if (!schema || typeof schema !== 'object' || depth > 8) return undefined;
  if ('shape' in schema && schema.shape && typeof schema.shape === 'object') return schema.shape;
  const def = schema._zod?.def;
  return objectShape(def?.type === 'pipe' ? def.in : def?.innerType, depth + 1);
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
  // Values are checked too, each by the schemas that know the key: an interpolated `${X:-default}` as the
  // default it ships (what `docker compose up` runs with); one without a default is left to run time.
  const shipped = Object.entries(env).map(([k, v]) => [k, v === undefined ? undefined : valueWhenUnset(v)]);
  for (const s of schemas) {
    const values = Object.fromEntries(shipped.filter(([k, v]) => s.keys.has(k) && v !== undefined));
    const parsed = s.schema.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${serviceName}: ${issue.path.join('.')} rejected by ${s.label}: ${issue.message}`);
    }
  }
  return problems;
}

/** A compose value as it is when the variables it names are unset: `${X:-d}` and `${X-d}` become d; undefined when a reference has no default. */
export function valueWhenUnset(value) {
  let unresolved = false;
  const resolved = value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?:(:?-)([^}$]*))?\}/g, (_, op, fallback) => {
    if (op === undefined) unresolved = true;
    return fallback ?? '';
  });
  return unresolved || resolved.includes('${') ? undefined : resolved.replaceAll('$$', '$');
}
