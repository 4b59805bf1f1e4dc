import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Alert } from '../alerts/alert.entity';
import type { AlertingEnv } from '../config/env';
import { EmissionEvent } from '../emission-events/emission-event.entity';
import { RateReading } from '../emission-events/rate-reading.entity';
import { ProcessedEvent } from '../inbox/processed-event.entity';
import { alertingMigrations } from './migrations';

export const ENTITIES = [Alert, ProcessedEvent, RateReading, EmissionEvent];

/** Alerting owns the `alerting` schema of the shared server, and keeps its migration log there too. */
export function ormConfig(env: Pick<AlertingEnv, 'DATABASE_URL' | 'DB_POOL_MAX'>, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl: env.DATABASE_URL,
    schema: 'alerting',
    entities: ENTITIES,
    extensions: [Migrator],
    pool: { min: 0, max: env.DB_POOL_MAX },
    driverOptions: { connection: { application_name: 'alerting' } },
    migrations: {
      migrationsList: alertingMigrations,
      tableName: 'alerting.mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
    },
    // Boot even while PostgreSQL is down (answering service_unavailable until it returns); the database
    // itself is created by provisioning, never by the service.
    ensureDatabase: false,
    allowGlobalContext: false,
    debug: false,
    ...overrides,
  });
}
