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
  type ListAlertsQuery,
  type ListWebhookDeliveriesCommand,
  type ResolveAlertCommand,
  type Webhook,
  type WebhookDeliveryList,
  WebhookDeliveryListSchema,
  type WebhookList,
  WebhookListSchema,
  WebhookSchema,
} from '@emissions/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { z } from 'zod';
import { type CallOptions, callService } from '../clients/rpc-call';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';

export const ALERTING_PROXY = Symbol('ALERTING_PROXY');
const PingSchema = z.object({ status: z.literal('ok') });

/** Typed calls to the alerting service; answers validated with the shared schema, failures as problems. */
@Injectable()
export class AlertingClient implements OnApplicationShutdown {
  private readonly logger = new Logger(AlertingClient.name);

  constructor(
    @Inject(ALERTING_PROXY) private readonly proxy: ClientProxy,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  listAlerts(query: ListAlertsQuery): Promise<AlertList> {
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

  async ping(timeoutMs = this.env.HEALTH_TIMEOUT_MS): Promise<void> {
    await this.call(AlertingPatterns.ping, {}, PingSchema, timeoutMs, { quiet: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }

  private call<S extends z.ZodType>(
    pattern: string,
    payload: unknown,
    schema: S,
    timeoutMs = this.env.RPC_TIMEOUT_MS,
    options: CallOptions = {},
  ): Promise<z.output<S>> {
    return callService({ proxy: this.proxy, logger: this.logger, service: 'alerting' }, pattern, payload, schema, timeoutMs, options);
  }
}
