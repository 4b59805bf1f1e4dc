import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { IngestionEnv } from '../config/env';
import { IngestionBatch } from '../ingestion/ingestion-batch.entity';
import { Measurement } from '../ingestion/measurement.entity';
import { ApiKey } from '../keys/api-key.entity';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { SensorMonthlyTotal } from '../sensors/sensor-monthly-total.entity';
import { Site } from '../sites/site.entity';
import { GwpSet } from '../sites/gwp-set.entity';
import { SiteChange } from '../sites/site-change.entity';
import { SiteMonthlyTotal } from '../sites/site-monthly-total.entity';
import { SiteHourlyTotal } from '../sites/site-hourly-total.entity';
import { ingestionMigrations } from './migrations';

export const ENTITIES = [
  Site,
  SiteMonthlyTotal,
  SiteHourlyTotal,
  SensorMonthlyTotal,
  SiteChange,
  GwpSet,
  IngestionBatch,
  Measurement,
  OutboxEvent,
  ApiKey,
];

export function ormConfig(
  env: Pick<IngestionEnv, 'DATABASE_URL' | 'DB_POOL_MAX' | 'DB_LOCK_TIMEOUT_MS'>,
  overrides: Partial<Options> = {},
): Options {
  return defineConfig({
    clientUrl: env.DATABASE_URL,
    entities: ENTITIES,
    extensions: [Migrator],
    pool: { min: 0, max: env.DB_POOL_MAX },
    // lock_timeout turns an endless wait (same key in flight, stuck lock) into a clear 409/503.
    // force_generic_plan touches only named prepared statements (`preparedStatement`; MikroORM's own queries are
    // sent as plain text): each connection plans a hot read once instead of five custom plans first.
    driverOptions: {
      connection: { lock_timeout: env.DB_LOCK_TIMEOUT_MS, application_name: 'ingestion', options: '-c plan_cache_mode=force_generic_plan' },
    },
    // Migrations are listed explicitly: globbing .ts files fails under vitest and tsx.
    migrations: { migrationsList: ingestionMigrations, tableName: 'mikro_orm_migrations', transactional: true, allOrNothing: true },
    allowGlobalContext: false,
    debug: false,
    ...overrides,
  });
}
