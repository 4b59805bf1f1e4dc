import {
  type AcknowledgeAlertRequest,
  AcknowledgeAlertRequestSchema,
  type AlertDetail,
  AlertIdParamsSchema,
  type AlertList,
  type ListAlertsQuery,
  ListAlertsQuerySchema,
  type ResolveAlertRequest,
  ResolveAlertRequestSchema,
} from '@emissions/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { Allow } from '../auth/access.decorator';
import { type Principal, principalOf } from '../auth/principal';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { JsonContentTypeGuard } from '../request-context/json-content-type.guard';
import { AlertingClient } from './alerting.client';

/** Who a history entry names: `operator` for the operator (key or session), the key id for a device key. */
const actorOf = (principal: Principal) => (principal.kind === 'operator' ? 'operator' : principal.keyId);

/** Alerts are a v1 resource; unversioned /api/alerts serves the same. Operators only. */
@Controller(['api/v1/alerts', 'api/alerts'])
@Allow('operator')
export class AlertsController {
  constructor(private readonly alerting: AlertingClient) {}

  @Get()
  list(@Query(new ZodValidationPipe(ListAlertsQuerySchema)) query: ListAlertsQuery): Promise<AlertList> {
    return this.alerting.listAlerts(query);
  }

  @Get(':id')
  get(@Param(new ZodValidationPipe(AlertIdParamsSchema)) params: { id: string }): Promise<AlertDetail> {
    return this.alerting.getAlert(params.id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @UseGuards(JsonContentTypeGuard)
  acknowledge(
    @Param(new ZodValidationPipe(AlertIdParamsSchema)) params: { id: string },
    // The body is optional: `{}`, `{ "note": … }` or nothing at all.
    @Body(new ZodValidationPipe(AcknowledgeAlertRequestSchema.optional())) body: AcknowledgeAlertRequest | undefined,
    @Req() req: Request,
  ): Promise<AlertDetail> {
    return this.alerting.acknowledgeAlert({ id: params.id, note: body?.note, by: actorOf(principalOf(req)) });
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @UseGuards(JsonContentTypeGuard)
  resolve(
    @Param(new ZodValidationPipe(AlertIdParamsSchema)) params: { id: string },
    @Body(new ZodValidationPipe(ResolveAlertRequestSchema)) body: ResolveAlertRequest,
    @Req() req: Request,
  ): Promise<AlertDetail> {
    return this.alerting.resolveAlert({ id: params.id, ...body, by: actorOf(principalOf(req)) });
  }
}
