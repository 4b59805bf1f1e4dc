import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { limitHeapGrowth } from '@emissions/service-kit';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadEnv } from './config/env';

/** The relay is a plain application context: no HTTP, just the loop, stopped cleanly on SIGTERM/SIGINT. */
async function bootstrap(): Promise<void> {
  const env = loadEnv();
  limitHeapGrowth(env.HEAP_GROWING_PERCENT);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log(`relay publishing outbox events to queue "${env.QUEUE_NAME}"`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
