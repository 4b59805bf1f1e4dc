import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { AppModule } from './app.module';
import { loadEnv } from './config/env';

async function bootstrap(): Promise<void> {
  const env = loadEnv();
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
    transport: Transport.TCP,
    options: { host: env.INGESTION_HOST, port: env.INGESTION_PORT },
    logger: env.LOG_LEVEL === 'silent' ? false : undefined,
  });
  // SIGTERM/SIGINT: stop accepting, let in-flight handlers finish, close the pool.
  app.enableShutdownHooks();
  await app.listen();
  console.log(`ingestion service listening on tcp://${env.INGESTION_HOST}:${env.INGESTION_PORT}`);
}

bootstrap().catch((err: unknown) => {
  console.error(`ingestion service failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
