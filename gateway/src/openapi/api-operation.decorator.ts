import type { ProblemCode } from '@emissions/contracts';
import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';
import type { HeaderName, PARAMETERS } from './openapi.components';
import type { REQUEST_SCHEMAS, SchemaName } from './openapi.schemas';
import type { JsonSchema } from './openapi.types';

export const API_OPERATION_METADATA = 'emissions:api-operation';
export const API_TAG_METADATA = 'emissions:api-tag';

/** A successful answer (its status is the route's @HttpCode): a component schema as JSON, and/or another media type. */
export type SuccessDoc = {
  description: string;
  schema?: SchemaName;
  media?: { type: string; schema: JsonSchema };
  headers?: HeaderName[];
};

/**
 * What a route's decorators cannot say: the document builder reads the method, path, status and access from Nest's own
 * metadata (@Get, @Controller, @HttpCode, @Allow) and adds the answers a body, path or query parameters bring.
 */
export type OperationDoc = {
  id: string;
  summary: string;
  description?: string;
  parameters?: Array<keyof typeof PARAMETERS>;
  /** Query parameters, derived from the shared query schema. */
  query?: z.ZodObject;
  body?: keyof typeof REQUEST_SCHEMAS;
  success: SuccessDoc;
  /** The problems of this operation beyond those its body or parameters bring (validation, malformed JSON, …). */
  problems: ProblemCode[];
  /**
   * Further paths of the handler documented as operations of their own (another version, a legacy alias). An unversioned
   * `/api/...` alias of a documented `/api/v1/...` path is otherwise left out: it is the same v1 operation.
   */
  variants?: Record<string, { id: string; summary: string }>;
};

/** Problems of any route that calls the services behind the gateway. */
export const UPSTREAM_PROBLEMS: ProblemCode[] = ['internal_error', 'service_unavailable'];

/** Describes a route in the OpenAPI document, where the route is written. */
export const ApiOperation = (doc: OperationDoc) => SetMetadata(API_OPERATION_METADATA, doc);

/** The document tag of every operation of a controller. */
export const ApiTag = (tag: string) => SetMetadata(API_TAG_METADATA, tag);

/** A registered route that is not an API operation (a static asset, a problem page); the document builder skips it on purpose. */
export const ApiExclude = () => SetMetadata(API_OPERATION_METADATA, null);
