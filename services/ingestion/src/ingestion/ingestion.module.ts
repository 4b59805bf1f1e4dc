import { Module } from '@nestjs/common';
import { IngestBatchHandler } from './commands/ingest-batch.handler';
import { IngestionRpcController } from './ingestion.rpc.controller';

@Module({
  controllers: [IngestionRpcController],
  providers: [IngestBatchHandler],
  exports: [IngestBatchHandler],
})
export class IngestionModule {}
