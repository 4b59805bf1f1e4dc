import { Module } from '@nestjs/common';
import { SensorsController } from './sensors.controller';

/** Per-sensor figures of a site; the rollup and its query live in the ingestion service. */
@Module({ controllers: [SensorsController] })
export class SensorsModule {}
