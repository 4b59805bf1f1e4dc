import { checkDecimalInput, checkReadingTimestamp, isSensorId } from './fields.schema';
import {
  DEFAULT_SENSOR_ID,
  type IngestV1Request,
  type IngestV2Request,
  isDurationS,
  MAX_READINGS_PER_BATCH,
  type NormalizedReading,
  normalizeV2Reading,
  V1_VALUE_BOUNDS,
  V2_UNITS,
  V2_VALUE_BOUNDS,
  type V2Unit,
} from './ingest.schema';

/*
 * The ingest bodies devices send, parsed in one loop with the very field rules the schemas call
 * (`checkDecimalInput`, `checkReadingTimestamp`, `isSensorId`, `normalizeV2Reading`), without a schema's
 * per-reading results and issue lists: under load, the schemas' per-reading work was two fifths of the
 * gateway's allocations. A body the loop does not accept returns `undefined` and goes to the schema, which
 * decides it and words the errors. `ingest-plain-body.spec.ts` holds each parser to its schema's answer on
 * generated bodies, valid and not.
 */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The envelope's rules, then `reading` for each reading; `undefined` as soon as anything is not accepted. */
function plainRequest(
  body: unknown,
  reading: (r: Fields) => NormalizedReading | undefined,
): { site_id: string; readings: NormalizedReading[] } | undefined {
  if (!isFields(body)) return undefined;
  const { site_id, readings: sent } = body;
  if (typeof site_id !== 'string' || !UUID.test(site_id)) return undefined;
  if (!Array.isArray(sent) || sent.length < 1 || sent.length > MAX_READINGS_PER_BATCH) return undefined;
  const readings: NormalizedReading[] = new Array(sent.length);
  for (let i = 0; i < sent.length; i++) {
    const r: unknown = sent[i];
    const normalized = isFields(r) ? reading(r) : undefined;
    if (normalized === undefined) return undefined;
    readings[i] = normalized;
  }
  return { site_id, readings };
}

/** `IngestV1RequestSchema`'s result for a body it accepts; `undefined` when the schema must decide. */
export function plainIngestV1Request(body: unknown, nowMs = Date.now()): IngestV1Request | undefined {
  return plainRequest(body, (r) => {
    if (typeof r.timestamp !== 'string') return undefined;
    const sensorId = r.sensor_id === undefined ? DEFAULT_SENSOR_ID : r.sensor_id;
    if (!isSensorId(sensorId)) return undefined;
    const at = checkReadingTimestamp(r.timestamp, nowMs);
    if (!at.ok) return undefined;
    const value = checkDecimalInput(r.value, V1_VALUE_BOUNDS);
    if (!value.ok) return undefined;
    return { sensor_id: sensorId, measured_at: at.value, value: value.value };
  });
}

const UNITS: ReadonlySet<string> = new Set(V2_UNITS);

/** `IngestV2RequestSchema`'s result for a body it accepts; `undefined` when the schema must decide. */
export function plainIngestV2Request(body: unknown, nowMs = Date.now()): IngestV2Request | undefined {
  return plainRequest(body, (r) => {
    if (!isSensorId(r.sensor_id) || typeof r.measured_at !== 'string') return undefined;
    if (typeof r.unit !== 'string' || !UNITS.has(r.unit)) return undefined;
    if (r.duration_s !== undefined && !isDurationS(r.duration_s)) return undefined;
    const at = checkReadingTimestamp(r.measured_at, nowMs);
    if (!at.ok) return undefined;
    const value = checkDecimalInput(r.value, V2_VALUE_BOUNDS);
    if (!value.ok) return undefined;
    const normalized = normalizeV2Reading({
      sensor_id: r.sensor_id,
      measured_at: at.value,
      value: value.value,
      unit: r.unit as V2Unit,
      duration_s: r.duration_s,
    });
    return normalized.ok ? normalized.reading : undefined;
  });
}
