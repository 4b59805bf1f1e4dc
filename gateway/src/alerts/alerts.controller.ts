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
import { ApiOperation, ApiTag, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';

/** Who a history entry names: `operator` for the operator (key or session), the key id for a device key. */
const actorOf = (principal: Principal) => (principal.kind === 'operator' ? 'operator' : principal.keyId);

const LIFECYCLE =
  'open → acknowledged → resolved and open → resolved are the only moves; any other is 409 alert_state_conflict and changes nothing. ' +
  'Each move is appended to the alert’s history with who made it, when, and the note.';

/** Alerts are a v1 resource; unversioned /api/alerts serves the same. Operators only. */
@ApiTag('Alerts')
@Controller(['api/v1/alerts', 'api/alerts'])
@Allow('operator')
export class AlertsController {
  constructor(private readonly alerting: AlertingClient) {}

  @ApiOperation('listAlerts', 'List alerts across sites, with open and acknowledged counts', {
    description:
      'A site that crosses its limit raises exactly one `limit_exceeded` alert per crossing, however often events are redelivered. ' +
      'Filters: `site_id`, `status`, `type`, `severity`; `order=open_first` lists open, then acknowledged, then resolved. `counts` are ' +
      'under the same filters except `status`. `next_cursor` is present while more alerts follow; pass it as `cursor` for the next page.',
    success: { description: 'Alerts, newest first.', schema: 'AlertList' },
    problems: UPSTREAM_PROBLEMS,
  })
  @Get()
  list(@Query(new ZodValidationPipe(ListAlertsQuerySchema)) query: ListAlertsQuery): Promise<AlertList> {
    return this.alerting.listAlerts(query);
  }

  @ApiOperation('getAlert', 'One alert with its history', {
    description: 'The history starts with the raise (`by: "system"`) and lists every move since, oldest first. It is append-only.',
    success: { description: 'The alert.', schema: 'AlertDetail' },
    problems: ['alert_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Get(':id')
  get(@Param(new ZodValidationPipe(AlertIdParamsSchema)) params: { id: string }): Promise<AlertDetail> {
    return this.alerting.getAlert(params.id);
  }

  @ApiOperation('acknowledgeAlert', 'Acknowledge an open alert', {
    description: `The body is optional (\`{ "note"? }\`). ${LIFECYCLE}`,
    success: { description: 'The acknowledged alert with its history.', schema: 'AlertDetail' },
    problems: ['alert_not_found', 'alert_state_conflict', ...UPSTREAM_PROBLEMS],
  })
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

  @ApiOperation('resolveAlert', 'Resolve an open or acknowledged alert (fixed or false alarm)', {
    description: LIFECYCLE,
    success: { description: 'The resolved alert with its history.', schema: 'AlertDetail' },
    problems: ['alert_not_found', 'alert_state_conflict', ...UPSTREAM_PROBLEMS],
  })
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
