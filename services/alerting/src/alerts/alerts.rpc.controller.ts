import { AlertingPatterns, type AlertList, ListAlertsQuerySchema } from '@emissions/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { ListAlertsHandler } from './queries/list-alerts.handler';
import { toRpcException, validationFailure } from './rpc-failure';

@Controller()
export class AlertsRpcController {
  constructor(private readonly listAlerts: ListAlertsHandler) {}

  @MessagePattern(AlertingPatterns.listAlerts)
  async list(@Payload() payload: unknown): Promise<AlertList> {
    const query = ListAlertsQuerySchema.safeParse(payload ?? {});
    if (!query.success) throw validationFailure(z.prettifyError(query.error));
    try {
      return await this.listAlerts.execute(query.data);
    } catch (err) {
      throw toRpcException(err);
    }
  }
}
