import { parsePayload } from '@emissions/service-kit';
import { IngestBatchCommandSchema, IngestionPatterns, MAX_READINGS_PER_BATCH, type NormalizedReading } from '@emissions/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { IngestBatchHandler } from './commands/ingest-batch.handler';

/**
 * Validate once: the gateway, the only caller on the private network, has parsed and normalised every
 * reading with the contract's schema before sending. Here the envelope is checked in full and each reading
 * only for its shape — re-running the per-reading rules cost more than the rest of the command's CPU.
 * Values still reach PostgreSQL as typed, escaped literals, whose own types and checks refuse nonsense.
 */
const ReadingShapeSchema = z.custom<NormalizedReading>(
  (r) =>
    typeof r === 'object' &&
    r !== null &&
    typeof (r as NormalizedReading).sensor_id === 'string' &&
    typeof (r as NormalizedReading).measured_at === 'string' &&
    typeof (r as NormalizedReading).value === 'string',
  { error: 'must be a normalised reading' },
);
const TrustedIngestBatchCommandSchema = IngestBatchCommandSchema.extend({
  readings: z.array(ReadingShapeSchema).min(1).max(MAX_READINGS_PER_BATCH),
});

@Controller()
export class IngestionRpcController {
  constructor(private readonly ingestBatch: IngestBatchHandler) {}

  @MessagePattern(IngestionPatterns.ingestBatch)
  ingest(@Payload() payload: unknown) {
    return this.ingestBatch.execute(parsePayload(TrustedIngestBatchCommandSchema, payload));
  }
}
