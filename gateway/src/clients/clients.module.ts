import { Global, Module } from '@nestjs/common';
import { AuthenticatedTcpClient } from '@emissions/service-auth';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { INGESTION_PROXY, IngestionClient } from './ingestion.client';
import { RedisClient } from './redis.client';

const ingestionProxy = {
  provide: INGESTION_PROXY,
  inject: [GATEWAY_ENV],
  // ClientTCP connects lazily on first send and, after the socket closes (service restart), reconnects on the next send.
  // Every request is signed with SERVICE_AUTH_SECRET and every answer must be (shared/service-auth).
  useFactory: (env: GatewayEnv) =>
    new AuthenticatedTcpClient({ host: env.INGESTION_HOST, port: env.INGESTION_PORT }, { secret: env.SERVICE_AUTH_SECRET }),
};

@Global()
@Module({
  providers: [ingestionProxy, IngestionClient, RedisClient],
  exports: [IngestionClient, RedisClient],
})
export class ClientsModule {}
