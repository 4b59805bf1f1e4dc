import 'reflect-metadata';
import { inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.DB_LOCK_TIMEOUT_MS ??= '1500';
process.env.LOG_LEVEL ??= 'warn';
process.env.METRICS_PORT ??= '0';
