import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './mikro-orm.config';

/** `node dist/database/migrate.js up|down|list`: applies the listed migrations to DATABASE_URL. */
export async function migrate(direction: 'up' | 'down' | 'list' = 'up'): Promise<string[]> {
  const orm = await MikroORM.init(ormConfig());
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
  const direction = (process.argv[2] ?? 'up') as 'up' | 'down' | 'list';
  migrate(direction)
    .then((names) => console.log(`ingestion migrations ${direction}: ${names.length ? names.join(', ') : 'nothing to do'}`))
    .catch((err: unknown) => {
      console.error(`ingestion migrations failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
