// Proves what can be proven about docker-compose.yml without a Docker engine (run by `npm test`, after the
// build): it validates against the Compose Specification's JSON schema; every command a service runs exists
// (node targets are built from src/*.ts, npm scripts are defined); every variable compose sets is one the
// service's config schema knows; Redis keeps queue data (noeviction, AOF); every `service_healthy`
// dependency has a healthcheck; bind-mounted files exist; the Dockerfile copies every workspace manifest
// before `npm ci`; the operational policies of scripts/compose/compose-policies.mjs hold (restart policies, health
// checks, required secrets, the application role, Redis password, loopback publishing, internal networks).
// Exits 1 with the list of problems. `npm run test:compose` runs the file for real.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { checkCommand, dockerfileCmd, simpleCommands } from './compose/compose-commands.mjs';
import { checkEnvironment, environmentOf, loadEnvSchema } from './compose/compose-env.mjs';
import { policyProblems } from './compose/compose-policies.mjs';

const root = new URL('..', import.meta.url).pathname;
const composeFile = process.argv[2] ?? join(root, 'docker-compose.yml');
// Merge keys (<<) are part of how compose files share blocks; compose itself resolves them the same way.
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true });
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.map((dir) => ({
  dir,
  name: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name,
}));
const problems = [];

// 1. The Compose Specification schema, as shipped by dclint (schemas/compose.schema.json, the official compose-spec.json).
const require = createRequire(import.meta.url);
const schemaFile = join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json');
const { $schema: _draft, ...composeSchema } = JSON.parse(readFileSync(schemaFile, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(composeSchema);
if (!validate(compose)) {
  for (const e of validate.errors ?? []) problems.push(`schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

// The image's `npm ci` needs every workspace's package.json before `COPY . .`, or the lockfile does not match.
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
for (const ws of workspaces) {
  if (!dockerfile.includes(`COPY ${ws.dir}/package.json ${ws.dir}/`))
    problems.push(`Dockerfile: does not copy ${ws.dir}/package.json before npm ci`);
}

const services = compose.services ?? {};
const defaultCmd = dockerfileCmd(root);
const schemaCache = new Map();
for (const [name, service] of Object.entries(services)) {
  // Infrastructure images (postgres, redis, prometheus, grafana) have their own variables: only our build is checked.
  if (!service.build) continue;
  // 2. Commands: the service's own, else the Dockerfile's CMD.
  const ran = [];
  for (const argv of simpleCommands(service.command ?? defaultCmd)) {
    const result = checkCommand(argv, workspaces, root);
    problems.push(...result.problems.map((p) => `${name}: command ${p}`));
    ran.push(...result.workspaces);
  }
  // 3. Environment: keys (and values) against the env schemas of the workspaces the command runs.
  const unique = [...new Map(ran.map((w) => [w.dir, w])).values()];
  if (unique.length === 0) {
    problems.push(`${name}: cannot tell which service its command runs, so its environment cannot be checked`);
    continue;
  }
  const schemas = [];
  for (const ws of unique) {
    if (!schemaCache.has(ws.dir)) schemaCache.set(ws.dir, await loadEnvSchema(root, ws));
    const loaded = schemaCache.get(ws.dir);
    if (loaded.problem) problems.push(`${name}: ${loaded.problem}`);
    else schemas.push({ ...loaded, label: `${ws.dir}/src/config/env.ts` });
  }
  if (schemas.length === unique.length) problems.push(...checkEnvironment(name, environmentOf(service), schemas));
}

// 4. Redis must keep queue data: never evict keys, persist with AOF.
const redis = Object.entries(services).filter(([, s]) => String(s.image ?? '').startsWith('redis'));
if (redis.length === 0) problems.push('redis: no service runs a redis image');
for (const [name, s] of redis) {
  const args = simpleCommands(s.command).flat().join(' ');
  if (!/--maxmemory-policy\s+noeviction\b/.test(args)) problems.push(`${name}: redis must run with --maxmemory-policy noeviction`);
  if (!/--appendonly\s+yes\b/.test(args)) problems.push(`${name}: redis must run with --appendonly yes (AOF)`);
}

// 5. depends_on: the target exists, and `service_healthy` only on a service that has a healthcheck.
for (const [name, s] of Object.entries(services)) {
  const deps = Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d) => [d, {}])) : (s.depends_on ?? {});
  for (const [dep, spec] of Object.entries(deps)) {
    const target = services[dep];
    if (!target) problems.push(`${name}: depends on "${dep}", which is not a service`);
    else if (spec?.condition === 'service_healthy' && (!target.healthcheck || target.healthcheck.disable === true)) {
      problems.push(`${name}: waits for "${dep}" to be service_healthy, but ${dep} has no healthcheck`);
    }
  }
}

// 6. Bind mounts (./deploy/…) name files of this repository.
for (const [name, s] of Object.entries(services)) {
  for (const volume of s.volumes ?? []) {
    const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
    if (typeof source === 'string' && source.startsWith('.') && !existsSync(join(dirname(composeFile), source))) {
      problems.push(`${name}: mounts ${source}, which does not exist`);
    }
  }
}

// 7. Restart policies, health checks, secrets, database role, Redis password, publishing and networks.
problems.push(...policyProblems(compose));

if (problems.length) {
  console.error(`✗ ${composeFile}: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(
  `✓ ${composeFile}: valid compose spec; commands, environment, redis, health dependencies and policies (restart, secrets, exposure) of ${Object.keys(services).length} services check out`,
);
