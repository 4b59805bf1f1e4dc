import { Module } from '@nestjs/common';
import { IngestBatchHandler } from './commands/ingest-batch.handler';
import { IngestBatchTelemetry } from './ingest-batch.telemetry';
import { IngestionRpcController } from './ingestion.rpc.controller';

@Module({
  controllers: [IngestionRpcController],
  providers: [IngestBatchHandler, IngestBatchTelemetry],
  exports: [IngestBatchHandler],
})
export class IngestionModule {}
