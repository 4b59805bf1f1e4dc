import type { z } from 'zod';

/**
 * The subset of OpenAPI 3.1 objects the gateway's document uses. Schemas are JSON Schema 2020-12, which is
 * exactly what OpenAPI 3.1 embeds, so Zod's JSON Schema type is used for them unchanged.
 */
export type JsonSchema = z.core.JSONSchema.BaseSchema;

export type RefObject = { $ref: string };

export type ExampleObject = { summary?: string; value: unknown };

export type MediaTypeObject = { schema: JsonSchema; examples?: Record<string, ExampleObject> };

export type HeaderObject = { description: string; required?: boolean; schema: JsonSchema };

export type ParameterObject = {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
};

export type ResponseObject = {
  description: string;
  headers?: Record<string, HeaderObject | RefObject>;
  content?: Record<string, MediaTypeObject>;
};

export type SecuritySchemeObject =
  | { type: 'http'; scheme: 'bearer'; description: string }
  | { type: 'apiKey'; in: 'cookie'; name: string; description: string };

export type OperationObject = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<ParameterObject | RefObject>;
  requestBody?: { required: boolean; description?: string; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject>;
  security?: Array<Record<string, string[]>>;
};

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

export type PathItemObject = Partial<Record<HttpMethod, OperationObject>>;

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description?: string }>;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, JsonSchema>;
    headers: Record<string, HeaderObject>;
    parameters: Record<string, ParameterObject>;
    securitySchemes: Record<string, SecuritySchemeObject>;
  };
};

export const ref = (kind: 'schemas' | 'headers' | 'parameters', name: string): RefObject => ({ $ref: `#/components/${kind}/${name}` });
