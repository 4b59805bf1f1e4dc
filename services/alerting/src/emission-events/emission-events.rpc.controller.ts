import { AlertingPatterns, type EmissionEventList, ListEmissionEventsCommandSchema } from '@emissions/contracts';
import { parsePayload } from '@emissions/service-kit';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListEmissionEventsHandler } from './queries/list-emission-events.handler';

/** events.*: a site's emission events. */
@Controller()
export class EmissionEventsRpcController {
  constructor(private readonly listEvents: ListEmissionEventsHandler) {}

  @MessagePattern(AlertingPatterns.listEmissionEvents)
  async list(@Payload() payload: unknown): Promise<EmissionEventList> {
    const query = parsePayload(ListEmissionEventsCommandSchema, payload);
    return this.listEvents.execute(query);
  }
}
