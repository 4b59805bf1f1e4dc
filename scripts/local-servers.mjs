// Shared by start.mjs and test.mjs: where PostgreSQL and Redis are, and a clear line when they are not.
import net from 'node:net';

export const DEFAULT_DATABASE_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function probe(host, port, hello, expect) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => {
      if (!hello) return done(true);
      socket.write(hello);
    });
    socket.on('data', (d) => done(expect.test(d.toString())));
  });
}

export async function checkServers(databaseUrl, redisUrl) {
  const db = new URL(databaseUrl);
  const redis = new URL(redisUrl);
  const problems = [];
  if (!(await probe(db.hostname, Number(db.port || 5432)))) {
    problems.push(
      `PostgreSQL does not answer at ${db.hostname}:${db.port || 5432}. Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set DATABASE_URL.`,
    );
  }
  if (!(await probe(redis.hostname, Number(redis.port || 6379), 'PING\r\n', /PONG|NOAUTH/))) {
    problems.push(
      `Redis does not answer at ${redis.hostname}:${redis.port || 6379}. Start it (redis-server --daemonize yes --port 6379 --appendonly yes --maxmemory-policy noeviction) or set REDIS_URL.`,
    );
  }
  return problems;
}
