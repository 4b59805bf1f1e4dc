import type { ProblemCode } from '@emissions/contracts';
import type { z } from 'zod';
import type { Access } from '../auth/access.decorator';
import type { ApiVersion } from '../request-context/request-id';
import type { HeaderName, PARAMETERS } from './openapi.components';
import type { REQUEST_SCHEMAS, SchemaName } from './openapi.schemas';
import type { HttpMethod, JsonSchema } from './openapi.types';

/** A successful answer: a component schema as JSON, or another media type (HTML, SSE, Prometheus text). */
export type SuccessDoc = {
  status: number;
  description: string;
  schema?: SchemaName;
  media?: { type: string; schema: JsonSchema };
  headers?: HeaderName[];
};

/**
 * One operation of the contract, declared once; the document builder turns it into OpenAPI. Bodies and
 * answers name component schemas, which are generated from the shared Zod schemas.
 */
export type RouteDoc = {
  method: HttpMethod;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** The API-Version header value of its responses; null outside /api. */
  version: ApiVersion | null;
  /** Who may call it (the route's @Allow); decides its `security` and adds the 401/403/429 answers. */
  access: Access;
  parameters?: Array<keyof typeof PARAMETERS>;
  /** Query parameters, derived from the shared query schema. */
  query?: z.ZodObject;
  body?: keyof typeof REQUEST_SCHEMAS;
  success: SuccessDoc;
  /** Every problem this operation can answer (grouped by status in the document). */
  problems: ProblemCode[];
};

/** Problems any route that reads a JSON body can answer before its handler runs. */
export const BODY_PROBLEMS: ProblemCode[] = ['validation_failed', 'malformed_json', 'payload_too_large', 'unsupported_media_type'];

/** Problems of any route that calls the services behind the gateway. */
export const UPSTREAM_PROBLEMS: ProblemCode[] = ['internal_error', 'service_unavailable'];
