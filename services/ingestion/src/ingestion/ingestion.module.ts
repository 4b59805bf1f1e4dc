import { Module } from '@nestjs/common';
import { OutboxRepository } from '../outbox/outbox.repository';
import { SitesModule } from '../sites/sites.module';
import { IngestBatchHandler } from './commands/ingest-batch.handler';
import { IngestBatchStatements } from './commands/ingest-batch.statements';
import { IngestBatchTelemetry } from './ingest-batch.telemetry';
import { IngestLedger } from './ingest-ledger.repository';
import { IngestionRpcController } from './ingestion.rpc.controller';
import { MeasurementsRepository } from './measurements.repository';

const persistence = [IngestLedger, MeasurementsRepository, OutboxRepository];

@Module({
  imports: [SitesModule],
  controllers: [IngestionRpcController],
  providers: [IngestBatchHandler, IngestBatchStatements, IngestBatchTelemetry, ...persistence],
  exports: [IngestBatchHandler],
})
export class IngestionModule {}
