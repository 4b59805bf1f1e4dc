import { IngestBatchCommandSchema, IngestionPatterns } from '@emissions/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parsePayload } from '../rpc/parse-payload';
import { IngestBatchHandler } from './commands/ingest-batch.handler';

@Controller()
export class IngestionRpcController {
  constructor(private readonly ingestBatch: IngestBatchHandler) {}

  @MessagePattern(IngestionPatterns.ingestBatch)
  ingest(@Payload() payload: unknown) {
    return this.ingestBatch.execute(parsePayload(IngestBatchCommandSchema, payload));
  }
}
