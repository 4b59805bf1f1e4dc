import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AuthenticatedTcpServer } from '@emissions/service-auth';
import { limitHeapGrowth } from '@emissions/service-kit';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadEnv } from './config/env';

async function bootstrap(): Promise<void> {
  const env = loadEnv();
  limitHeapGrowth(env.HEAP_GROWING_PERCENT);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule.forRoot(), {
    // Only messages signed with SERVICE_AUTH_SECRET reach a handler (ARCHITECTURE "Trust boundaries: service transport").
    strategy: new AuthenticatedTcpServer({ host: env.INGESTION_HOST, port: env.INGESTION_PORT }, { secret: env.SERVICE_AUTH_SECRET }),
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT: stop accepting, let in-flight handlers finish, close the pool.
  app.enableShutdownHooks();
  await app.listen();
  const metrics = env.METRICS_PORT === 0 ? 'off' : `http://${env.METRICS_HOST}:${env.METRICS_PORT}/metrics`;
  app.get(Logger).log(`ingestion service listening on tcp://${env.INGESTION_HOST}:${env.INGESTION_PORT}; metrics ${metrics}`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  console.error(`ingestion service failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
