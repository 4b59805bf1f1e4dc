import {
  AcknowledgeAlertCommandSchema,
  type AlertDetail,
  AlertingPatterns,
  type AlertList,
  GetAlertQuerySchema,
  ListAlertsCommandSchema,
  ResolveAlertCommandSchema,
} from '@emissions/contracts';
import { FeatureError, parsePayload } from '@emissions/service-kit';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ChangeAlertStatusHandler } from './lifecycle/change-alert-status.handler';
import { GetAlertHandler } from './queries/get-alert.handler';
import { ListAlertsHandler } from './queries/list-alerts.handler';

/** alerts.*: list, read one with its history, acknowledge, resolve. */
@Controller()
export class AlertsRpcController {
  constructor(
    private readonly listAlerts: ListAlertsHandler,
    private readonly getAlert: GetAlertHandler,
    private readonly changeStatus: ChangeAlertStatusHandler,
  ) {}

  @MessagePattern(AlertingPatterns.listAlerts)
  async list(@Payload() payload: unknown): Promise<AlertList> {
    const query = parsePayload(ListAlertsCommandSchema, payload);
    return this.listAlerts.execute(query);
  }

  @MessagePattern(AlertingPatterns.getAlert)
  async get(@Payload() payload: unknown): Promise<AlertDetail> {
    const { id } = parsePayload(GetAlertQuerySchema, payload);
    const alert = await this.getAlert.execute(id);
    if (!alert) throw new FeatureError('alert_not_found', `No alert with id ${id}.`);
    return alert;
  }

  @MessagePattern(AlertingPatterns.acknowledgeAlert)
  async acknowledge(@Payload() payload: unknown): Promise<AlertDetail> {
    const { id, by, note } = parsePayload(AcknowledgeAlertCommandSchema, payload);
    return this.changeStatus.execute({ id, by, note, move: 'acknowledge' });
  }

  @MessagePattern(AlertingPatterns.resolveAlert)
  async resolve(@Payload() payload: unknown): Promise<AlertDetail> {
    const { id, by, note, resolution } = parsePayload(ResolveAlertCommandSchema, payload);
    return this.changeStatus.execute({ id, by, note, resolution, move: 'resolve' });
  }
}
