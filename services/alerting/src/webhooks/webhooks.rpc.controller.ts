import {
  AlertingPatterns,
  CreateWebhookCommandSchema,
  type CreatedWebhook,
  ListWebhookDeliveriesCommandSchema,
  type Webhook,
  type WebhookDeliveryList,
  type WebhookList,
  WebhookRefSchema,
} from '@emissions/contracts';
import { FeatureError, parsePayload } from '@emissions/service-kit';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateWebhookHandler } from './commands/create-webhook.handler';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhooksRepository } from './webhooks.repository';

const notFound = (id: string) => new FeatureError('webhook_not_found', `No webhook with id ${id}.`);

/** webhooks.*: register, list, delete (idempotent) and read a webhook's delivery log. */
@Controller()
export class WebhooksRpcController {
  constructor(
    private readonly create: CreateWebhookHandler,
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
  ) {}

  @MessagePattern(AlertingPatterns.createWebhook)
  async createWebhook(@Payload() payload: unknown): Promise<CreatedWebhook> {
    const command = parsePayload(CreateWebhookCommandSchema, payload);
    return this.create.execute(command);
  }

  @MessagePattern(AlertingPatterns.listWebhooks)
  async list(): Promise<WebhookList> {
    return { data: await this.webhooks.list() };
  }

  @MessagePattern(AlertingPatterns.deleteWebhook)
  async delete(@Payload() payload: unknown): Promise<Webhook> {
    const { id } = parsePayload(WebhookRefSchema, payload);
    await this.webhooks.softDelete(id);
    const hook = await this.webhooks.find(id);
    if (!hook) throw notFound(id);
    return hook;
  }

  @MessagePattern(AlertingPatterns.listWebhookDeliveries)
  async deliveryLog(@Payload() payload: unknown): Promise<WebhookDeliveryList> {
    const { id, limit } = parsePayload(ListWebhookDeliveriesCommandSchema, payload);
    if (!(await this.webhooks.find(id))) throw notFound(id);
    return { data: await this.deliveries.logOf(id, limit) };
  }
}
