import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../config/env';
import { ormConfig } from './mikro-orm.config';

const USAGE = 'usage: node dist/database/partitions.js list | ensure | detach <partition> (e.g. measurements_y2003)';

/**
 * Operator command for measurement partitions. `detach` turns a partition into a standalone table for
 * archiving (pg_dump it, then drop it); its readings stay counted in the site totals they were part of.
 */
async function main(args: string[]): Promise<string> {
  const env = loadEnv();
  const orm = await MikroORM.init(ormConfig(env));
  const em = orm.em.fork();
  try {
    switch (args[0]) {
      case 'list': {
        const rows = await em.execute<{ name: string; bounds: string }[]>(
          `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bounds FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'measurements'::regclass ORDER BY c.relname`,
        );
        return rows.map((r) => `${r.name}\t${r.bounds}`).join('\n');
      }
      case 'ensure': {
        const [row] = await em.execute<{ created: number }[]>('SELECT ensure_measurement_partitions(?) AS created', [
          env.PARTITION_MONTHS_AHEAD,
        ]);
        return `created ${row.created} partition(s)`;
      }
      case 'detach': {
        const name = args[1];
        if (!name || !/^measurements_(y\d{4}|m\d{4}_\d{2})$/.test(name)) throw new Error(USAGE);
        await em.execute(`ALTER TABLE measurements DETACH PARTITION ${name}`);
        return `detached ${name}: archive it with pg_dump -t ${name}, then DROP TABLE ${name}`;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await orm.close(true);
  }
}

main(process.argv.slice(2))
  .then((out) => console.log(out))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
