import { Global, Module } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { INGESTION_PROXY, IngestionClient } from './ingestion.client';
import { RedisClient } from './redis.client';

const ingestionProxy = {
  provide: INGESTION_PROXY,
  inject: [GATEWAY_ENV],
  // ClientTCP connects lazily on first send and, after the socket closes (service restart), reconnects on the next send.
  useFactory: (env: GatewayEnv) =>
    ClientProxyFactory.create({ transport: Transport.TCP, options: { host: env.INGESTION_HOST, port: env.INGESTION_PORT } }),
};

@Global()
@Module({
  providers: [ingestionProxy, IngestionClient, RedisClient],
  exports: [IngestionClient, RedisClient],
})
export class ClientsModule {}
