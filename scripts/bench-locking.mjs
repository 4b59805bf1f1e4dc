// `npm run bench:locking`: measures the three ways to keep a site's running total under concurrent
// batches (atomic increment last, SELECT … FOR UPDATE first, optimistic version + retry) with pgbench.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const db = 'bench_locking';
const conn = ['-h', server.hostname, '-p', server.port || '5432', '-U', decodeURIComponent(server.username || 'postgres')];

const psql = (args) => spawnSync('psql', [...conn, '-v', 'ON_ERROR_STOP=1', '-q', ...args], { encoding: 'utf8' });
psql(['-d', 'postgres', '-c', `DROP DATABASE IF EXISTS ${db}`]);
psql(['-d', 'postgres', '-c', `CREATE DATABASE ${db}`]);

const rows = [];
for (const nsites of [50, 1]) {
  for (const strategy of ['atomic-last', 'for-update-first', 'optimistic-version']) {
    psql(['-d', db, '-f', join(root, 'bench/locking/schema.sql')]);
    const run = spawnSync(
      'pgbench',
      [
        ...conn,
        '-n',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-D',
        `nsites=${nsites}`,
        '--max-tries=1000',
        '-f',
        join(root, `bench/locking/${strategy}.sql`),
        db,
      ],
      { encoding: 'utf8' },
    );
    const out = run.stdout + run.stderr;
    const tps = /tps = ([\d.]+)/.exec(out)?.[1] ?? 'n/a';
    const latency = /latency average = ([\d.]+) ms/.exec(out)?.[1] ?? 'n/a';
    const retried = /number of transactions retried: (\d+)/.exec(out)?.[1] ?? '0';
    const check = psql([
      '-d',
      db,
      '-At',
      '-c',
      'SELECT (SELECT sum(total) FROM lk_sites) = (SELECT sum(value) FROM lk_measurements)',
    ]).stdout.trim();
    rows.push({ sites: nsites, strategy, tps, latency_ms: latency, retried, exact: check === 't' });
    console.log(JSON.stringify(rows.at(-1)));
  }
}
console.log(`\n${clients} clients, ${seconds} s per run, 100 readings per batch`);
console.log('| sites | strategy | batches/s | avg latency (ms) | retried | total exact |\n|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.sites} | ${r.strategy} | ${r.tps} | ${r.latency_ms} | ${r.retried} | ${r.exact} |`);
psql(['-d', 'postgres', '-c', `DROP DATABASE IF EXISTS ${db}`]);
