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
import { ApiOperation, ApiTag, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';

/** Outbound webhooks; operators only. The signing secret is in the 201 answer and nowhere else, ever. */
@ApiTag('Webhooks')
@Controller(['api/v1/webhooks', 'api/webhooks'])
@Allow('operator')
export class WebhooksController {
  constructor(private readonly alerting: AlertingClient) {}

  @ApiOperation('createWebhook', 'Register a webhook for alert events', {
    description:
      'The answer carries the signing secret; it is never shown again. Each delivery is a POST of a ' +
      '[WebhookPayload](#/components/schemas/WebhookPayload) with headers `Emissions-Delivery` (the delivery id, the same on every ' +
      'attempt: deduplicate by it), `Emissions-Event` and `Emissions-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" ' +
      'keyed with the secret>`. Any answer but 2xx is retried with exponential backoff for 24 hours. Private, loopback and link-local ' +
      'targets are refused (400) unless the alerting service allows them (`WEBHOOK_ALLOWED_PRIVATE_CIDRS`).',
    success: { description: 'The webhook and its secret.', schema: 'CreatedWebhook', headers: ['Location'] },
    problems: UPSTREAM_PROBLEMS,
  })
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

  @ApiOperation('listWebhooks', 'List the registered webhooks (never their secrets)', {
    success: { description: 'The webhooks, oldest first.', schema: 'WebhookList' },
    problems: UPSTREAM_PROBLEMS,
  })
  @Get()
  list(): Promise<WebhookList> {
    return this.alerting.listWebhooks();
  }

  @ApiOperation('deleteWebhook', 'Delete a webhook', {
    description: 'Nothing more is sent to it, pending attempts included. Idempotent; its delivery log stays readable.',
    success: { description: 'The deleted webhook.', schema: 'Webhook' },
    problems: ['webhook_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Delete(':id')
  delete(@Param(new ZodValidationPipe(WebhookIdParamsSchema)) params: { id: string }): Promise<Webhook> {
    return this.alerting.deleteWebhook(params.id);
  }

  @ApiOperation('listWebhookDeliveries', 'The delivery log of a webhook, newest first', {
    description: 'One row per delivery: its status (`pending`, `delivered`, `failed`), attempts, and the last answer or error.',
    success: { description: 'The deliveries.', schema: 'WebhookDeliveryList' },
    problems: ['webhook_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Get(':id/deliveries')
  deliveries(
    @Param(new ZodValidationPipe(WebhookIdParamsSchema)) params: { id: string },
    @Query(new ZodValidationPipe(ListWebhookDeliveriesQuerySchema)) query: { limit: number },
  ): Promise<WebhookDeliveryList> {
    return this.alerting.listWebhookDeliveries({ id: params.id, limit: query.limit });
  }
}
