import 'reflect-metadata';
import { inject } from 'vitest';

// Config modules read these; set them before any spec imports the application.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.REDIS_URL = inject('redisUrl');
process.env.LOG_LEVEL ??= 'warn';
