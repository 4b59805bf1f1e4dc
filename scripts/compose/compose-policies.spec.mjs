// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are compose interpolation (${NAME:-default}), not JS templates
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { policyProblems, withDefaults } from './compose-policies.mjs';

const root = new URL('../../', import.meta.url).pathname;
const load = () => parse(readFileSync(`${root}docker-compose.yml`, 'utf8'), { merge: true });

describe('withDefaults', () => {
  it('reads variables as their defaults, required ones as empty', () => {
    expect(withDefaults('${ADDR:-127.0.0.1}:${PORT:-3000}:3000')).toBe('127.0.0.1:3000:3000');
    expect(withDefaults('${PASS:?set PASS}x')).toBe('x');
  });
});

describe('policyProblems', () => {
  it('the repository compose file keeps every policy', () => {
    expect(policyProblems(load())).toEqual([]);
  });

  it('a long-running service without a restart policy, or with on-failure (not started with the engine), is named', () => {
    const compose = load();
    delete compose.services.relay.restart;
    compose.services.gateway.restart = 'on-failure';
    expect(policyProblems(compose)).toEqual([
      'relay: long-running service needs restart: unless-stopped (or always), has none',
      'gateway: long-running service needs restart: unless-stopped (or always), has on-failure',
    ]);
  });

  it('a one-shot job that restarts forever, and a long-running service without a health check, are named', () => {
    const compose = load();
    compose.services.migrate.restart = 'always';
    delete compose.services.relay.healthcheck;
    expect(policyProblems(compose)).toEqual([
      'migrate: one-shot job needs restart: "no" (or on-failure), has always',
      'relay: long-running service has no healthcheck',
    ]);
  });

  it('literal passwords, the superuser and a Redis without a password are refused', () => {
    const compose = load();
    compose.services.ingestion.environment.DATABASE_URL = 'postgres://postgres:postgres@postgres:5432/emissions';
    compose.services.relay.environment.REDIS_URL = 'redis://redis:6379';
    compose.services.postgres.environment.POSTGRES_PASSWORD = 'postgres';
    compose.services.redis.command = ['redis-server', '--appendonly', 'yes'];
    expect(policyProblems(compose)).toEqual([
      'postgres: POSTGRES_PASSWORD must be a required variable, not a literal',
      'redis: redis must run with --requirepass ${REDIS_PASSWORD:?…}',
      'ingestion: DATABASE_URL uses the superuser "postgres"; use the application role',
      'ingestion: DATABASE_URL password must be a required variable (${NAME:?message})',
      'relay: REDIS_URL must carry the password as a required variable',
    ]);
  });

  it('a gateway or service without the shared, required SERVICE_AUTH_SECRET is named', () => {
    const compose = load();
    compose.services.ingestion.environment.SERVICE_AUTH_SECRET = 'a-literal-secret-of-more-than-32-characters';
    delete compose.services.alerting.environment.SERVICE_AUTH_SECRET;
    expect(policyProblems(compose)).toEqual([
      'ingestion: SERVICE_AUTH_SECRET must be a required variable (${SERVICE_AUTH_SECRET:?…}), shared by the gateway and the services it calls',
      'alerting: SERVICE_AUTH_SECRET must be a required variable (${SERVICE_AUTH_SECRET:?…}), shared by the gateway and the services it calls',
    ]);
    const other = load();
    other.services.gateway.environment.SERVICE_AUTH_SECRET = '${GATEWAY_ONLY_SECRET:?set it}';
    expect(policyProblems(other)).toEqual([
      'gateway: SERVICE_AUTH_SECRET comes from different variables (GATEWAY_ONLY_SECRET, SERVICE_AUTH_SECRET) in the gateway and its services',
    ]);
  });

  it('publishing beyond loopback and a service outside the internal networks are named', () => {
    const compose = load();
    compose.services.prometheus.ports = ['9090:9090'];
    compose.services.gateway.ports = ['${GATEWAY_PORT:-3000}:3000'];
    compose.services.ingestion.networks = ['data', 'rpc', 'edge'];
    compose.networks.data.internal = false;
    const problems = policyProblems(compose);
    expect(problems).toContain('prometheus: publishes 9090:9090 beyond loopback; bind 127.0.0.1 (or a variable defaulting to it)');
    expect(problems).toContain(
      'gateway: publishes ${GATEWAY_PORT:-3000}:3000 beyond loopback; bind 127.0.0.1 (or a variable defaulting to it)',
    );
    expect(problems).toContain('ingestion: joins data, edge, which is not internal: only the gateway may');
    expect(problems).toContain('postgres: joins data, which is not internal: only the gateway may');
  });
});
