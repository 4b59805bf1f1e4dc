import { type AlertList, type ListAlertsQuery, ListAlertsQuerySchema } from '@emissions/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { AlertingClient } from './alerting.client';

/** Alerts are a v1 resource; unversioned /api/alerts serves the same. */
@Controller(['api/v1/alerts', 'api/alerts'])
export class AlertsController {
  constructor(private readonly alerting: AlertingClient) {}

  @Get()
  list(@Query(new ZodValidationPipe(ListAlertsQuerySchema)) query: ListAlertsQuery): Promise<AlertList> {
    return this.alerting.listAlerts(query);
  }
}
