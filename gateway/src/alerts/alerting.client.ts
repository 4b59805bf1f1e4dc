import {
  type AcknowledgeAlertCommand,
  type AlertDetail,
  AlertDetailSchema,
  type AlertList,
  AlertListSchema,
  AlertingPatterns,
  type CreatedWebhook,
  CreatedWebhookSchema,
  type CreateWebhookRequest,
  type EmissionEventList,
  EmissionEventListSchema,
  type ListEmissionEventsCommand,
  type ListAlertsCommand,
  type ListWebhookDeliveriesCommand,
  type ResolveAlertCommand,
  type Webhook,
  type WebhookDeliveryList,
  WebhookDeliveryListSchema,
  type WebhookList,
  WebhookListSchema,
  WebhookSchema,
} from '@emissions/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { ServiceClient } from '../clients/service-client';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';

export const ALERTING_PROXY = Symbol('ALERTING_PROXY');

/** Typed calls to the alerting service; answers validated with the shared schema, failures as problems. */
@Injectable()
export class AlertingClient extends ServiceClient {
  constructor(@Inject(ALERTING_PROXY) proxy: ClientProxy, @Inject(GATEWAY_ENV) env: GatewayEnv) {
    super('alerting', AlertingPatterns.ping, proxy, env);
  }

  listAlerts(query: ListAlertsCommand): Promise<AlertList> {
    return this.call(AlertingPatterns.listAlerts, query, AlertListSchema);
  }

  getAlert(id: string): Promise<AlertDetail> {
    return this.call(AlertingPatterns.getAlert, { id }, AlertDetailSchema);
  }

  acknowledgeAlert(command: AcknowledgeAlertCommand): Promise<AlertDetail> {
    return this.call(AlertingPatterns.acknowledgeAlert, command, AlertDetailSchema);
  }

  resolveAlert(command: ResolveAlertCommand): Promise<AlertDetail> {
    return this.call(AlertingPatterns.resolveAlert, command, AlertDetailSchema);
  }

  listEmissionEvents(command: ListEmissionEventsCommand): Promise<EmissionEventList> {
    return this.call(AlertingPatterns.listEmissionEvents, command, EmissionEventListSchema);
  }

  /** A target refused by the service's address policy is a 400 on the `url` field. */
  async createWebhook(request: CreateWebhookRequest): Promise<CreatedWebhook> {
    try {
      return await this.call(AlertingPatterns.createWebhook, request, CreatedWebhookSchema);
    } catch (err) {
      if (err instanceof ProblemError && err.code === 'validation_failed' && err.detail.startsWith('url: ')) {
        const message = err.detail.slice('url: '.length);
        throw new ProblemError('validation_failed', err.detail, { errors: [{ path: 'url', code: 'target_refused', message }] });
      }
      throw err;
    }
  }

  listWebhooks(): Promise<WebhookList> {
    return this.call(AlertingPatterns.listWebhooks, {}, WebhookListSchema);
  }

  deleteWebhook(id: string): Promise<Webhook> {
    return this.call(AlertingPatterns.deleteWebhook, { id }, WebhookSchema);
  }

  listWebhookDeliveries(command: ListWebhookDeliveriesCommand): Promise<WebhookDeliveryList> {
    return this.call(AlertingPatterns.listWebhookDeliveries, command, WebhookDeliveryListSchema);
  }
}
