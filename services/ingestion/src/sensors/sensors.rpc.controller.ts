import { IngestionPatterns, SiteSensorsQuerySchema } from '@emissions/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parsePayload } from '@emissions/service-kit';
import { GetSiteSensorsHandler } from './queries/get-site-sensors.handler';

@Controller()
export class SensorsRpcController {
  constructor(private readonly siteSensors: GetSiteSensorsHandler) {}

  @MessagePattern(IngestionPatterns.siteSensors)
  breakdown(@Payload() payload: unknown) {
    return this.siteSensors.execute(parsePayload(SiteSensorsQuerySchema, payload));
  }
}
