import { Module } from '@nestjs/common';
import { GetSiteSensorsHandler } from './queries/get-site-sensors.handler';
import { SensorTotalsRepository } from './sensor-totals.repository';
import { SensorsRpcController } from './sensors.rpc.controller';

const queryHandlers = [GetSiteSensorsHandler];
const persistence = [SensorTotalsRepository];

/** Per-sensor figures of a site: the rollup the ingest statement keeps (exported to it) and the breakdown read. */
@Module({
  controllers: [SensorsRpcController],
  providers: [...queryHandlers, ...persistence],
  exports: [...persistence],
})
export class SensorsModule {}
