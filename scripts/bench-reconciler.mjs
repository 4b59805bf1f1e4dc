// `npm run bench:reconciler`: what the relay's inbox reconciler costs the database. On a fresh database (both
// schemas migrated) it writes BENCH_EVENTS published outbox events spread over the last hour, every one with its
// alerting inbox row (the steady state: nothing to requeue), then times the reconciler's sweep over all of them in
// chunks of RECONCILE_BATCH_SIZE, exactly as the relay runs it after a start. Drops the database afterwards.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const events = Number(process.env.BENCH_EVENTS ?? 500_000);
const chunk = Number(process.env.RECONCILE_BATCH_SIZE ?? 5000);
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `bench_reconciler_${randomBytes(3).toString('hex')}`;
const url = new URL(server);
url.pathname = `/${name}`;

const { default: pg } = await import('pg');
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
try {
  for (const dir of ['services/ingestion', 'services/alerting'])
    execFileSync('node', [join(root, dir, 'dist/database/migrate.js'), 'up'], {
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: 'ignore',
    });
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  await db.query(
    `INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, payload, published_at, attempts)
     SELECT gen_random_uuid(), 'site', ('00000000-0000-0000-0000-0000000000' || lpad((g % 50)::text, 2, '0'))::uuid,
            'batch.ingested', '{}', now() - make_interval(secs => 3600 - g * 3600.0 / $1), 1
       FROM generate_series(1, $1) g`,
    [events],
  );
  await db.query('INSERT INTO alerting.processed_events (site_id, event_id) SELECT aggregate_id, id::text FROM outbox_events');
  await db.query('VACUUM ANALYZE outbox_events');
  await db.query('VACUUM ANALYZE alerting.processed_events');
  await db.end();

  process.env.DATABASE_URL = url.toString();
  const dist = (file) => pathToFileURL(join(root, 'services/relay/dist', file)).href;
  const { UnprocessedEventRepository } = await import(dist('reconciler/unprocessed-event.repository.js'));
  const { loadEnv } = await import(dist('config/env.js'));
  const repo = new UnprocessedEventRepository(loadEnv());
  const times = [];
  let cursor;
  let scanned = 0;
  const started = Date.now();
  for (;;) {
    const t = Date.now();
    const result = await repo.sweep({ cursor, lookbackS: 3600, graceS: 60, limit: chunk, eventTypes: ['batch.ingested'] });
    times.push(Date.now() - t);
    cursor = result.cursor;
    scanned += result.scanned;
    if (result.scanned < chunk) break;
  }
  await repo.onApplicationShutdown();
  const total = Date.now() - started;
  times.sort((a, b) => a - b);
  console.log(
    `swept ${scanned} published events in ${times.length} chunks of ${chunk}: ${total} ms, ${((total * 1000) / scanned).toFixed(1)} µs per event; chunk p50 ${times[times.length >> 1]} ms, max ${times.at(-1)} ms`,
  );
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
