import { DECIMAL_STRING } from '../http/fields.schema';
import { type AcceptedRateReading, type BatchIngestedV1, BatchIngestedV1Schema } from './batch-ingested.v1';

/** The event's envelope: every field but the rate readings, which `plainBatchIngestedV1` checks in one loop. */
const EnvelopeSchema = BatchIngestedV1Schema.omit({ rate_readings: true });

/**
 * The batch.ingested event as `BatchIngestedV1Schema` parses it, or null when that schema should decide (it
 * refuses, or words why). A batch's rate readings (up to 100) are checked by one loop over the schema's rules
 * instead of the schema's per-reading machinery, which was most of alerting's parse of such an event; the
 * envelope is the schema's own. A property test requires the same answers as the schema's.
 */
export function plainBatchIngestedV1(data: unknown): BatchIngestedV1 | null {
  if (typeof data !== 'object' || data === null) return null;
  const rates = (data as { rate_readings?: unknown }).rate_readings;
  const readings = rates === undefined ? undefined : plainRateReadings(rates);
  if (readings === null) return null;
  const envelope = EnvelopeSchema.safeParse(data);
  if (!envelope.success) return null;
  return readings === undefined ? envelope.data : { ...envelope.data, rate_readings: readings };
}

/** AcceptedRateReadingSchema's rules, reading by reading; unknown keys are left out as the schema leaves them. */
function plainRateReadings(value: unknown): AcceptedRateReading[] | null {
  if (!Array.isArray(value)) return null;
  const readings: AcceptedRateReading[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const r = value[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return null;
    const { sensor_id, measured_at, duration_s, rate_kg_h, mass_kg } = r as Record<string, unknown>;
    if (typeof sensor_id !== 'string' || sensor_id.length < 1 || sensor_id.length > 64) return null;
    if (typeof measured_at !== 'string') return null;
    if (typeof duration_s !== 'number' || !Number.isSafeInteger(duration_s) || duration_s < 1 || duration_s > 86_400) return null;
    if (typeof rate_kg_h !== 'string' || !DECIMAL_STRING.test(rate_kg_h)) return null;
    if (typeof mass_kg !== 'string' || !DECIMAL_STRING.test(mass_kg)) return null;
    readings[i] = { sensor_id, measured_at, duration_s, rate_kg_h, mass_kg };
  }
  return readings;
}
