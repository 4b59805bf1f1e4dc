import 'reflect-metadata';
import { type MigrationDirection, migrationCommand, runMigrations } from '@emissions/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../config/env';
import { ormConfig } from './mikro-orm.config';

/** `node dist/database/migrate.js up|down|list`: applies the ingestion migrations to DATABASE_URL (or the URL given). */
export async function migrate(direction: MigrationDirection = 'up', databaseUrl?: string): Promise<string[]> {
  const env = loadEnv();
  return runMigrations(await MikroORM.init(ormConfig({ ...env, DATABASE_URL: databaseUrl ?? env.DATABASE_URL })), direction);
}

if (require.main === module) void migrationCommand('ingestion', process.argv.slice(2), migrate);
