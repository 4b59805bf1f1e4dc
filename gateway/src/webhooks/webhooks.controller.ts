import {
  type CreatedWebhook,
  type CreateWebhookRequest,
  CreateWebhookRequestSchema,
  ListWebhookDeliveriesQuerySchema,
  type Webhook,
  type WebhookDeliveryList,
  WebhookIdParamsSchema,
  type WebhookList,
} from '@emissions/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AlertingClient } from '../alerts/alerting.client';
import { Allow } from '../auth/access.decorator';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { JsonContentTypeGuard } from '../request-context/json-content-type.guard';

/** Outbound webhooks; operators only. The signing secret is in the 201 answer and nowhere else, ever. */
@Controller(['api/v1/webhooks', 'api/webhooks'])
@Allow('operator')
export class WebhooksController {
  constructor(private readonly alerting: AlertingClient) {}

  @Post()
  @HttpCode(201)
  @UseGuards(JsonContentTypeGuard)
  async create(
    @Body(new ZodValidationPipe(CreateWebhookRequestSchema)) body: CreateWebhookRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedWebhook> {
    const hook = await this.alerting.createWebhook(body);
    res.setHeader('Location', `/api/v1/webhooks/${hook.id}`);
    res.setHeader('Cache-Control', 'no-store');
    return hook;
  }

  @Get()
  list(): Promise<WebhookList> {
    return this.alerting.listWebhooks();
  }

  /** Idempotent: deleting a deleted webhook answers it again. Its delivery log stays readable. */
  @Delete(':id')
  delete(@Param(new ZodValidationPipe(WebhookIdParamsSchema)) params: { id: string }): Promise<Webhook> {
    return this.alerting.deleteWebhook(params.id);
  }

  @Get(':id/deliveries')
  deliveries(
    @Param(new ZodValidationPipe(WebhookIdParamsSchema)) params: { id: string },
    @Query(new ZodValidationPipe(ListWebhookDeliveriesQuerySchema)) query: { limit: number },
  ): Promise<WebhookDeliveryList> {
    return this.alerting.listWebhookDeliveries({ id: params.id, limit: query.limit });
  }
}
