import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export type TestServers = { databaseUrl: string; redisUrl: string; stop: () => Promise<void> };

/**
 * The PostgreSQL and Redis a test run uses: the servers named by DATABASE_URL / REDIS_URL when both are
 * set (the usual case on machines without Docker), otherwise throwaway testcontainers. A missing Docker
 * engine with no URLs set fails the run: it never skips tests.
 */
export async function startTestServers(): Promise<TestServers> {
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (DATABASE_URL && REDIS_URL) return { databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, stop: async () => {} };
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [pg, redis] = await Promise.all([
    new PostgreSqlContainer('postgres:16-alpine').start(),
    new RedisContainer('redis:7-alpine').start(),
  ]);
  return {
    databaseUrl: pg.getConnectionUri(),
    redisUrl: redis.getConnectionUrl(),
    stop: async () => {
      await Promise.all([pg.stop(), redis.stop()]);
    },
  };
}

export type TestDatabase = { url: string; name: string; drop: () => Promise<void> };

/** Creates a fresh, empty database on the server of `serverUrl`, so each test run starts from nothing. */
export async function createTestDatabase(serverUrl: string, prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await withAdminClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdminClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(serverUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A short unique name for queues, key prefixes and channels, so tests never share Redis state. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** What a vitest global setup hands its tests (vitest's TestProject, as far as this module needs it). */
export type TestRunProject = { provide(key: 'databaseUrl' | 'redisUrl', value: string): void };

/**
 * The body of a service's vitest global setup: one fresh database per test run on the test servers, migrated
 * by `migrate`, its URL and Redis's provided to the tests (`inject('databaseUrl')`); returns the teardown.
 */
export async function setUpMigratedTestRun(
  project: TestRunProject,
  prefix: string,
  migrate: (databaseUrl: string) => Promise<unknown>,
): Promise<() => Promise<void>> {
  const servers = await startTestServers();
  const db = await createTestDatabase(servers.databaseUrl, prefix);
  try {
    await migrate(db.url);
  } catch (err) {
    await db.drop();
    await servers.stop();
    throw err;
  }
  project.provide('databaseUrl', db.url);
  project.provide('redisUrl', servers.redisUrl);
  return async () => {
    await db.drop();
    await servers.stop();
  };
}
