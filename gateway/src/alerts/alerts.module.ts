import { Module } from '@nestjs/common';
import { AuthenticatedTcpClient } from '@emissions/service-auth';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ALERTING_PROXY, AlertingClient } from './alerting.client';
import { AlertsController } from './alerts.controller';

const alertingProxy = {
  provide: ALERTING_PROXY,
  inject: [GATEWAY_ENV],
  // ClientTCP connects lazily on first send and reconnects on the next send after the socket closes; signed as above.
  useFactory: (env: GatewayEnv) =>
    new AuthenticatedTcpClient({ host: env.ALERTING_HOST, port: env.ALERTING_PORT }, { secret: env.SERVICE_AUTH_SECRET }),
};

@Module({ controllers: [AlertsController], providers: [alertingProxy, AlertingClient], exports: [AlertingClient] })
export class AlertsModule {}
