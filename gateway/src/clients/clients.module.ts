import { Global, Module } from '@nestjs/common';
import { INGESTION_PROXY, IngestionClient } from './ingestion.client';
import { RedisClient } from './redis.client';
import { serviceProxy } from './service-client';

const ingestionProxy = serviceProxy(INGESTION_PROXY, (env) => ({ host: env.INGESTION_HOST, port: env.INGESTION_PORT }));

@Global()
@Module({
  providers: [ingestionProxy, IngestionClient, RedisClient],
  exports: [IngestionClient, RedisClient],
})
export class ClientsModule {}
