import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../config/env';
import { ormConfig } from './mikro-orm.config';

type Direction = 'up' | 'down' | 'list';

/** `node dist/database/migrate.js up|down|list`: applies the alerting migrations to DATABASE_URL. */
export async function migrate(direction: Direction = 'up', databaseUrl?: string): Promise<string[]> {
  const env = loadEnv();
  const orm = await MikroORM.init(ormConfig({ ...env, DATABASE_URL: databaseUrl ?? env.DATABASE_URL }));
  try {
    const migrator = orm.getMigrator();
    if (direction === 'list') return (await migrator.getExecutedMigrations()).map((m) => m.name);
    const ran = direction === 'up' ? await migrator.up() : await migrator.down();
    return ran.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

if (require.main === module) {
  const direction = (process.argv[2] ?? 'up') as Direction;
  migrate(direction)
    .then((names) => console.log(`alerting migrations ${direction}: ${names.length ? names.join(', ') : 'nothing to do'}`))
    .catch((err: unknown) => {
      console.error(`alerting migrations failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
