import type { ProblemCode } from '@emissions/contracts';
import { SetMetadata } from '@nestjs/common';
import type { HeaderName } from './openapi.components';
import type { SchemaName } from './openapi.schemas';
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
 * What a route's own decorators cannot say. The document builder reads the method, path, status and access from Nest's
 * metadata (@Get, @Controller, @HttpCode, @Allow), the body, query and path parameters from the shared Zod schemas the
 * handler validates them with (@Body, @Query, @Param with a ZodValidationPipe), and adds the problems those bring.
 */
export type OperationDoc = {
  description?: string;
  /** Header parameters the handler reads itself (path and query parameters come from its schemas). */
  parameters?: Array<'IdempotencyKeyV1' | 'IdempotencyKeyV2'>;
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

export type ApiOperationMetadata = OperationDoc & { id: string; summary: string };

/** Describes a route in the OpenAPI document, where the route is written: its operationId, summary and the rest. */
export const ApiOperation = (id: string, summary: string, doc: OperationDoc) =>
  SetMetadata(API_OPERATION_METADATA, { id, summary, ...doc } satisfies ApiOperationMetadata);

/** The document tag of every operation of a controller. */
export const ApiTag = (tag: string) => SetMetadata(API_TAG_METADATA, tag);

/** A registered route that is not an API operation (a static asset, a problem page); the document builder skips it on purpose. */
export const ApiExclude = () => SetMetadata(API_OPERATION_METADATA, null);
