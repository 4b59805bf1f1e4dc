import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AuthenticatedTcpServer } from '@emissions/service-auth';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { limitHeapGrowth } from '@emissions/service-kit';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadEnv } from './config/env';

/** One process: the TCP microservice (alerts.list, health.ping) and the BullMQ worker. */
async function bootstrap(): Promise<void> {
  const env = loadEnv();
  limitHeapGrowth(env.HEAP_GROWING_PERCENT);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule.forRoot(env), {
    // Only messages signed with SERVICE_AUTH_SECRET reach a handler (ARCHITECTURE "Trust boundaries: service transport").
    strategy: new AuthenticatedTcpServer({ host: env.ALERTING_HOST, port: env.ALERTING_PORT }, { secret: env.SERVICE_AUTH_SECRET }),
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen();
  app.get(Logger).log(`alerting listening on ${env.ALERTING_HOST}:${env.ALERTING_PORT}, consuming "${env.QUEUE_NAME}"`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
