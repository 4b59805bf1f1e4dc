// What one hop of the pipeline costs in the frameworks the design fixes, apart from the work it carries:
// - a MikroORM unit of work around one statement: `em.fork().transactional(…)` against a fork's begin/commit
//   (`inUnitOfWork`, shared/service-kit) and against node-postgres' BEGIN / statement / COMMIT; and an empty
//   transaction in each layer (a fork's begin/commit, knex's `transaction()` under it, node-postgres' BEGIN/COMMIT);
// - a BullMQ job from `addBulk` to a finished worker run, with 1 and with 3 events per job.
// CPU microseconds per operation (process.cpuUsage; the worker's from /proc; Redis from INFO), alternated rounds.
// Usage: node scripts/bench/framework-floors.mjs   (after `npm run build`; PostgreSQL and Redis from DATABASE_URL
// and REDIS_URL, defaults 127.0.0.1). Prints the median of the rounds per variant.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../services/alerting/package.json', import.meta.url));
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = 5;

const procCpuUs = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
};
const ownCpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

if (process.argv[2] === 'worker') {
  // The consumer side of the BullMQ floor: a worker whose processor does nothing.
  const { Worker } = require('bullmq');
  const { Redis } = require('ioredis');
  const worker = new Worker(process.argv[3], async () => ({ ok: true }), {
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
  });
  worker.on('completed', () => process.send('completed'));
  worker.on('ready', () => process.send('ready'));
} else {
  console.log(`unit of work around one statement (CPU µs per transaction, median of ${ROUNDS} rounds):`);
  console.log(await unitOfWorkFloors());
  console.log('BullMQ job, added by a producer and run by a worker that does nothing (CPU µs per event):');
  console.log(await bullmqFloors());
}

async function unitOfWorkFloors() {
  const { MikroORM } = require('@mikro-orm/postgresql');
  const { inUnitOfWork } = require('../../shared/service-kit/dist/index.js');
  const { Pool } = require('pg');
  const orm = await MikroORM.init({
    clientUrl: DATABASE_URL,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    debug: false,
    pool: { min: 1, max: 4 },
  });
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  const variants = {
    'em.fork().transactional': () => orm.em.fork().transactional((em) => em.execute('SELECT 1')),
    'inUnitOfWork (begin/commit)': () => inUnitOfWork(orm.em.fork(), (em) => em.execute('SELECT 1')),
    // The same three layers with nothing between BEGIN and COMMIT: what the transaction itself costs in each.
    'fork begin/commit, empty': async () => {
      const em = orm.em.fork();
      await em.begin();
      await em.commit();
    },
    'knex.transaction, empty': async () => {
      const trx = await orm.em.getConnection().getKnex().transaction();
      await trx.commit();
    },
    'node-postgres BEGIN/COMMIT, empty': async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    },
    'node-postgres BEGIN/SELECT/COMMIT': async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT 1');
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    },
  };
  const results = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(variants)) {
      for (let i = 0; i < 200; i++) await run();
      const n = 1500;
      const before = ownCpuUs();
      for (let i = 0; i < n; i++) await run();
      if (!results[name]) results[name] = [];
      results[name].push((ownCpuUs() - before) / n);
    }
  }
  await orm.close();
  await pool.end();
  return Object.entries(results)
    .map(([name, list]) => `  ${name.padEnd(36)} ${median(list).toFixed(0)}`)
    .join('\n');
}

async function bullmqFloors() {
  const { Queue } = require('bullmq');
  const { Redis } = require('ioredis');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const redisCpuUs = async () => {
    const info = await redis.info('cpu');
    const value = (name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    return (value('used_cpu_sys') + value('used_cpu_user')) * 1e6;
  };
  const results = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const perJob of [1, 3]) {
      const name = `bench-floors-${process.pid}-${round}-${perJob}`;
      const worker = fork(fileURLToPath(import.meta.url), ['worker', name]);
      await new Promise((resolve) => worker.once('message', resolve));
      const queue = new Queue(name, { connection: redis });
      const jobs = 600;
      let completed = 0;
      const done = new Promise((resolve) => worker.on('message', () => ++completed === jobs && resolve()));
      const [own, work, server] = [ownCpuUs(), procCpuUs(worker.pid), await redisCpuUs()];
      // One job every 3 ms, as a relay sweeping a steady trickle of commits adds them.
      for (let i = 0; i < jobs; i++) {
        const events = Array.from({ length: perJob }, (_, e) => ({ event_id: `${i}-${e}`, site_id: 'site', total_after: '1' }));
        await queue.addBulk([
          { name: 'outbox.events', data: { events }, opts: { jobId: `j-${i}`, removeOnComplete: { age: 600, count: 100_000 } } },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      await done;
      const events = jobs * perJob;
      const perEvent = {
        producer: (ownCpuUs() - own) / events,
        worker: (procCpuUs(worker.pid) - work) / events,
        redis: ((await redisCpuUs()) - server) / events,
      };
      const variant = `${perJob} event(s) per job`;
      if (!results[variant]) results[variant] = {};
      for (const [part, us] of Object.entries(perEvent)) {
        if (!results[variant][part]) results[variant][part] = [];
        results[variant][part].push(us);
      }
      await queue.obliterate({ force: true });
      await queue.close();
      worker.kill();
    }
  }
  redis.disconnect();
  return Object.entries(results)
    .map(
      ([name, parts]) =>
        `  ${name.padEnd(22)} ${Object.entries(parts)
          .map(([part, list]) => `${part}=${median(list).toFixed(0)}`)
          .join(' ')}`,
    )
    .join('\n');
}
