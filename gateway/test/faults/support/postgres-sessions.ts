import { Client } from 'pg';

/**
 * Terminates every session of `database` (the services' pools, LISTEN connections and transactions in flight)
 * from a session on the server's maintenance database, as a failover or an operator would. Returns how many.
 */
export async function terminateSessions(serverUrl: string, database: string): Promise<number> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(
      'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows[0].n;
  } finally {
    await admin.end();
  }
}
