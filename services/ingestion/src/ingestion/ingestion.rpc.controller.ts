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
function isReadingShape(r: unknown): r is NormalizedReading {
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof (r as NormalizedReading).sensor_id === 'string' &&
    typeof (r as NormalizedReading).measured_at === 'string' &&
    typeof (r as NormalizedReading).value === 'string'
  );
}

// One check over the array: a zod schema per element allocated a result per reading (a twelfth of the
// service's allocations under the ingest benchmark).
const TrustedIngestBatchCommandSchema = IngestBatchCommandSchema.extend({
  readings: z.custom<NormalizedReading[]>(
    (readings) =>
      Array.isArray(readings) && readings.length >= 1 && readings.length <= MAX_READINGS_PER_BATCH && readings.every(isReadingShape),
    { error: `must be 1 to ${MAX_READINGS_PER_BATCH} normalised readings` },
  ),
});

@Controller()
export class IngestionRpcController {
  constructor(private readonly ingestBatch: IngestBatchHandler) {}

  @MessagePattern(IngestionPatterns.ingestBatch)
  ingest(@Payload() payload: unknown) {
    return this.ingestBatch.execute(parsePayload(TrustedIngestBatchCommandSchema, payload));
  }
}
