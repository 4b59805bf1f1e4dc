import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { SensorsModule } from '../sensors/sensors.module';
import { SitesModule } from '../sites/sites.module';
import { IngestBatchHandler } from './commands/ingest-batch.handler';
import { IngestBatchStatements } from './commands/ingest-batch.statements';
import { IngestBatchTelemetry } from './ingest-batch.telemetry';
import { IngestLedger } from './ingest-ledger.repository';
import { IngestionRpcController } from './ingestion.rpc.controller';
import { MeasurementsRepository } from './measurements.repository';

const persistence = [IngestLedger, MeasurementsRepository];

@Module({
  imports: [SitesModule, SensorsModule, OutboxModule],
  controllers: [IngestionRpcController],
  providers: [IngestBatchHandler, IngestBatchStatements, IngestBatchTelemetry, ...persistence],
  exports: [IngestBatchHandler],
})
export class IngestionModule {}
