import {
  AcknowledgeAlertRequestSchema,
  AlertChangedEventSchema,
  AlertDetailSchema,
  AlertListSchema,
  CreatedWebhookSchema,
  CreateWebhookRequestSchema,
  ResolveAlertRequestSchema,
  WebhookDeliveryListSchema,
  WebhookListSchema,
  WebhookPayloadSchema,
  WebhookSchema,
  AlertSchema,
  ComplianceStatusSchema,
  CreateSiteRequestSchema,
  PatchSiteRequestSchema,
  SiteChangeListSchema,
  SiteReportSchema,
  FleetReportSchema,
  ReadingsPageSchema,
  DecimalStringSchema,
  FieldErrorSchema,
  IdempotencyKeySchema,
  IngestResponseSchema,
  IngestV1ReadingSchema,
  IngestV1RequestSchema,
  IngestV2ReadingSchema,
  IngestV2RequestSchema,
  MASS_SCALE,
  ProblemSchema,
  ReadingConflictSchema,
  ReadingTimestampSchema,
  SiteListSchema,
  SiteMetricsSchema,
  SessionSchema,
  SignInRequestSchema,
  SiteSchema,
  SiteUpdatedEventSchema,
  CreateDeviceKeyRequestSchema,
  CreatedDeviceKeySchema,
  DeviceKeyListSchema,
  DeviceKeySchema,
  EmissionEventListSchema,
  EmissionEventSchema,
  SensorBreakdownSchema,
} from '@emissions/contracts';
import { z } from 'zod';
import { HealthLiveSchema, HealthReadySchema } from '../health/health.schema';
import type { JsonSchema } from './openapi.types';

/** Request bodies: documented as clients send them (`io: 'input'`: before transforms, defaults optional). */
export const REQUEST_SCHEMAS = {
  CreateSiteRequest: CreateSiteRequestSchema,
  PatchSiteRequest: PatchSiteRequestSchema,
  IngestV1Request: IngestV1RequestSchema,
  IngestV2Request: IngestV2RequestSchema,
  SignInRequest: SignInRequestSchema,
  CreateDeviceKeyRequest: CreateDeviceKeyRequestSchema,
  AcknowledgeAlertRequest: AcknowledgeAlertRequestSchema,
  ResolveAlertRequest: ResolveAlertRequestSchema,
  CreateWebhookRequest: CreateWebhookRequestSchema,
} satisfies Record<string, z.ZodType>;

/** Response bodies: documented as the gateway sends them (`io: 'output'`). */
export const RESPONSE_SCHEMAS = {
  Site: SiteSchema,
  SiteList: SiteListSchema,
  SiteMetrics: SiteMetricsSchema,
  SiteChangeList: SiteChangeListSchema,
  SensorBreakdown: SensorBreakdownSchema,
  SiteReport: SiteReportSchema,
  FleetReport: FleetReportSchema,
  ReadingsPage: ReadingsPageSchema,
  EmissionEvent: EmissionEventSchema,
  EmissionEventList: EmissionEventListSchema,
  ComplianceStatus: ComplianceStatusSchema,
  IngestResponse: IngestResponseSchema,
  ReadingConflict: ReadingConflictSchema,
  Alert: AlertSchema,
  AlertList: AlertListSchema,
  AlertDetail: AlertDetailSchema,
  AlertChangedEvent: AlertChangedEventSchema,
  Webhook: WebhookSchema,
  CreatedWebhook: CreatedWebhookSchema,
  WebhookList: WebhookListSchema,
  WebhookDeliveryList: WebhookDeliveryListSchema,
  WebhookPayload: WebhookPayloadSchema,
  SiteUpdatedEvent: SiteUpdatedEventSchema,
  Problem: ProblemSchema,
  FieldError: FieldErrorSchema,
  HealthLive: HealthLiveSchema,
  HealthReady: HealthReadySchema,
  Session: SessionSchema,
  DeviceKey: DeviceKeySchema,
  CreatedDeviceKey: CreatedDeviceKeySchema,
  DeviceKeyList: DeviceKeyListSchema,
} satisfies Record<string, z.ZodType>;

export type SchemaName = keyof typeof REQUEST_SCHEMAS | keyof typeof RESPONSE_SCHEMAS;

type DecimalBounds = { minimum?: number; exclusiveMinimum?: number; maximum?: number };

/** A decimal input as clients may send it; string bounds are checked in code (JSON Schema cannot compare decimal strings). */
function decimalInput(bounds: DecimalBounds = {}, note = ''): JsonSchema {
  return {
    description: `A mass of CH4 as a JSON number or a decimal string (a string is exact), at most ${MASS_SCALE} fractional digits.${note}`,
    oneOf: [
      { type: 'number', ...bounds },
      { type: 'string', pattern: `^\\d+(\\.\\d{1,${MASS_SCALE}})?$` },
    ],
    examples: ['1234.5'],
  };
}

/** Extra documentation for shared schemas, by identity (the shared schemas themselves stay untouched). */
const ANNOTATIONS = new Map<z.core.$ZodType, JsonSchema>([
  [ReadingTimestampSchema, { format: 'date-time', description: 'ISO-8601 with an offset; not before 2000-01-01, at most 5 minutes ahead' }],
  [DecimalStringSchema, { description: 'An exact decimal string (kilograms of CH4 for masses), never a float', examples: ['1234.5'] }],
  [IdempotencyKeySchema, { description: '1 to 255 visible ASCII characters; a UUID is a good choice' }],
  [
    CreateSiteRequestSchema.shape.emission_limit,
    decimalInput({ exclusiveMinimum: 0, maximum: 1e12 }, ' In kilograms, greater than 0 and at most 10^12.'),
  ],
  [IngestV1ReadingSchema.in.shape.value, decimalInput({ minimum: 0, maximum: 1e9 }, ' In kilograms, from 0 to 10^9.')],
  [IngestV2ReadingSchema.in.shape.value, decimalInput({ minimum: 0 }, ' In `unit`, at least 0 and at most 10^9 kg once converted.')],
]);

/** The innermost input of a chain of pipes: what a client actually sends. */
function pipeSource(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  while (current._zod.def.type === 'pipe') current = (current as z.core.$ZodPipe)._zod.def.in;
  return current;
}

/**
 * Decimal inputs are `z.unknown().transform(parse)` (they accept a number or a string and validate in code),
 * which JSON Schema would render as `{}`; any pipe fed by `unknown` in the shared schemas is one of them.
 */
function annotate(ctx: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }): void {
  const { zodSchema, jsonSchema } = ctx;
  if (zodSchema._zod.def.type === 'pipe' && pipeSource(zodSchema)._zod.def.type === 'unknown') Object.assign(jsonSchema, decimalInput());
  Object.assign(jsonSchema, ANNOTATIONS.get(zodSchema));
}

/**
 * Response objects are documented open (no `additionalProperties: false`): v1 may grow new optional
 * fields, and problems carry extension members, so clients must ignore members they do not know.
 */
function openObjects(schema: JsonSchema): void {
  if (schema.additionalProperties === false) delete schema.additionalProperties;
  for (const value of Object.values(schema)) {
    if (Array.isArray(value)) for (const item of value) if (item && typeof item === 'object') openObjects(item as JsonSchema);
    if (value && typeof value === 'object' && !Array.isArray(value)) openObjects(value as JsonSchema);
  }
}

function convert(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: converted } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    override: annotate,
  });
  // Components are embedded in the document: the standalone `$schema` / `$id` of each would be noise.
  for (const schema of Object.values(converted)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return converted;
}

/** Every component schema of the document, generated from the shared Zod schemas. */
export function componentSchemas(): Record<string, JsonSchema> {
  const responses = convert(RESPONSE_SCHEMAS, 'output');
  for (const schema of Object.values(responses)) openObjects(schema);
  return { ...convert(REQUEST_SCHEMAS, 'input'), ...responses };
}

/** A standalone JSON Schema for a query object, used to derive query parameters. */
export function inputSchemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any', override: annotate });
  delete json.$schema;
  return json;
}
