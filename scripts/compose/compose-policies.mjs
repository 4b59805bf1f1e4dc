// @ts-check
// The operational rules docker-compose.yml must keep (checked by scripts/check-compose.mjs without Docker;
// `npm run test:compose` proves them running): every long-running service restarts by itself and has a health
// check; secrets are required variables, never literals; the services reach PostgreSQL as the application role;
// Redis needs a password; only the gateway sits on a network with a way out, and every published port is bound to
// loopback unless it is the gateway's (whose address is a variable defaulting to loopback).
import { defaultServices } from './stack-state.mjs';

/**
 * `${NAME:-default}` → default, `${NAME}`/`${NAME:?msg}` → '' (what the text means when nothing is set).
 * @param {string} text
 */
export function withDefaults(text) {
  return text.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?(?::?\?[^}]*)?\}/g, (_m, dflt) => dflt ?? '');
}

/** @param {string} value */
const isRequiredVariable = (value) => /^\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]*\}$/.test(value);

/**
 * @param {Record<string, any>} compose parsed with merge keys resolved
 * @returns {string[]}
 */
export function policyProblems(compose) {
  const problems = [];
  const services = /** @type {Record<string, any>} */ (compose.services ?? {});
  const networks = /** @type {Record<string, any>} */ (compose.networks ?? {});
  const { oneShot } = defaultServices(compose);

  for (const [name, s] of Object.entries(services)) {
    const env = environment(s);
    // Restart: long-running services come back after a crash or an OOM kill, and with the engine; one-shot jobs never
    // loop.
    if (oneShot.includes(name)) {
      if (s.restart !== 'no' && s.restart !== 'on-failure')
        problems.push(`${name}: one-shot job needs restart: "no" (or on-failure), has ${s.restart ?? 'none'}`);
    } else if (s.restart !== 'unless-stopped' && s.restart !== 'always') {
      problems.push(`${name}: long-running service needs restart: unless-stopped (or always), has ${s.restart ?? 'none'}`);
    }
    if (!oneShot.includes(name) && !s.profiles?.length && (!s.healthcheck || s.healthcheck.disable)) {
      problems.push(`${name}: long-running service has no healthcheck`);
    }

    // Secrets: the database and Redis URLs carry required variables, and never the superuser.
    if (typeof env.DATABASE_URL === 'string') {
      const url = /^postgres(?:ql)?:\/\/([^:@/]+):([^@]+)@/.exec(env.DATABASE_URL);
      if (!url) problems.push(`${name}: DATABASE_URL must name a user and a password`);
      else {
        if (url[1] === 'postgres') problems.push(`${name}: DATABASE_URL uses the superuser "postgres"; use the application role`);
        if (!isRequiredVariable(url[2])) problems.push(`${name}: DATABASE_URL password must be a required variable (\${NAME:?message})`);
      }
    }
    if (typeof env.REDIS_URL === 'string') {
      const url = /^rediss?:\/\/[^:@/]*:([^@]+)@/.exec(env.REDIS_URL);
      if (!url || !isRequiredVariable(url[1])) problems.push(`${name}: REDIS_URL must carry the password as a required variable`);
    }
    for (const key of ['POSTGRES_PASSWORD', 'REDISCLI_AUTH']) {
      if (key in env && !isRequiredVariable(String(env[key]))) problems.push(`${name}: ${key} must be a required variable, not a literal`);
    }
    if (String(s.image ?? '').startsWith('redis')) {
      const args = Array.isArray(s.command) ? s.command.map(String) : [];
      const pass = args[args.indexOf('--requirepass') + 1];
      if (!args.includes('--requirepass') || !pass || !isRequiredVariable(pass))
        problems.push(`${name}: redis must run with --requirepass \${REDIS_PASSWORD:?…}`);
    }

    // Exposure: published ports on loopback (a variable defaulting to it counts), and only the gateway on a network
    // that is not internal.
    for (const port of s.ports ?? []) {
      const text = typeof port === 'string' ? port : `${port.host_ip ?? ''}:${port.published ?? ''}:${port.target}`;
      if (!withDefaults(text).startsWith('127.0.0.1:'))
        problems.push(`${name}: publishes ${text} beyond loopback; bind 127.0.0.1 (or a variable defaulting to it)`);
    }
    if (!s.profiles?.length) {
      const joined = /** @type {string[]} */ (Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? { default: {} }));
      const open = joined.filter((n) => !networks[n]?.internal);
      if (name === 'gateway') {
        if (open.length !== 1)
          problems.push(
            `gateway: must join exactly one network that is not internal (the published one), joins ${open.join(', ') || 'none'}`,
          );
      } else if (open.length) problems.push(`${name}: joins ${open.join(', ')}, which is not internal: only the gateway may`);
    }
  }
  problems.push(...serviceAuthProblems(services));
  return problems;
}

/**
 * Service transport: the gateway and every service it calls (INGESTION_HOST, ALERTING_HOST) sign and check each
 * message with one SERVICE_AUTH_SECRET, a required variable of the same name in all of them.
 * @param {Record<string, any>} services
 */
function serviceAuthProblems(services) {
  const gateway = services.gateway;
  if (!gateway) return [];
  const gatewayEnv = environment(gateway);
  const called = ['INGESTION_HOST', 'ALERTING_HOST'].map((k) => gatewayEnv[k]).filter((host) => typeof host === 'string' && services[host]);
  const problems = [];
  const names = new Set();
  for (const name of ['gateway', ...called]) {
    const value = environment(services[name]).SERVICE_AUTH_SECRET;
    if (typeof value !== 'string' || !isRequiredVariable(value))
      problems.push(
        `${name}: SERVICE_AUTH_SECRET must be a required variable (\${SERVICE_AUTH_SECRET:?…}), shared by the gateway and the services it calls`,
      );
    else names.add(/^\$\{([A-Za-z_][A-Za-z0-9_]*)/.exec(value)?.[1]);
  }
  if (names.size > 1)
    problems.push(`gateway: SERVICE_AUTH_SECRET comes from different variables (${[...names].join(', ')}) in the gateway and its services`);
  return problems;
}

/** @param {any} service */
function environment(service) {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return env;
  return Object.fromEntries(env.map((/** @type {string} */ kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]));
}
