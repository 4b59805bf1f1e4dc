import { Module } from '@nestjs/common';
import { serviceProxy } from '../clients/service-client';
import { ALERTING_PROXY, AlertingClient } from './alerting.client';
import { AlertsController } from './alerts.controller';

const alertingProxy = serviceProxy(ALERTING_PROXY, (env) => ({ host: env.ALERTING_HOST, port: env.ALERTING_PORT }));

@Module({ controllers: [AlertsController], providers: [alertingProxy, AlertingClient], exports: [AlertingClient] })
export class AlertsModule {}
