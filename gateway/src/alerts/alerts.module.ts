import { Module } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ALERTING_PROXY, AlertingClient } from './alerting.client';
import { AlertsController } from './alerts.controller';

const alertingProxy = {
  provide: ALERTING_PROXY,
  inject: [GATEWAY_ENV],
  // ClientTCP connects lazily on first send and reconnects on the next send after the socket closes.
  useFactory: (env: GatewayEnv) =>
    ClientProxyFactory.create({ transport: Transport.TCP, options: { host: env.ALERTING_HOST, port: env.ALERTING_PORT } }),
};

@Module({ controllers: [AlertsController], providers: [alertingProxy, AlertingClient], exports: [AlertingClient] })
export class AlertsModule {}
