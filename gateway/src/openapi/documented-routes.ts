import type { ProblemCode } from '@emissions/contracts';
import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { MetadataScanner, Reflector } from '@nestjs/core';
import { z } from 'zod';
import { type Access, accessOf } from '../auth/access.decorator';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import type { ApiVersion } from '../request-context/request-id';
import { API_OPERATION_METADATA, API_TAG_METADATA, type ApiOperationMetadata, type OperationDoc } from './api-operation.decorator';
import { PARAMETERS, PATH_PARAMETERS, type ParameterName } from './openapi.components';
import { REQUEST_SCHEMAS } from './openapi.schemas';
import type { HttpMethod } from './openapi.types';

/** Problems any route that reads a JSON body can answer before its handler runs. */
const BODY_PROBLEMS: ProblemCode[] = ['validation_failed', 'malformed_json', 'payload_too_large', 'unsupported_media_type'];

/** One documented operation: its @ApiOperation with what Nest's own metadata and the handler's schemas say. */
export type DocumentedRoute = Omit<OperationDoc, 'variants' | 'parameters'> & {
  operationId: string;
  summary: string;
  method: HttpMethod;
  /** OpenAPI form: `/api/v1/sites/{id}`. */
  path: string;
  tag: string;
  status: number;
  /** The API-Version header value of its responses; null outside /api. */
  version: ApiVersion | null;
  /** Who may call it, read exactly as the AuthGuard reads it. */
  access: Access;
  /** Path parameters (from the @Param schema), then header parameters. */
  parameters: ParameterName[];
  query?: z.ZodObject;
  body?: { schema: keyof typeof REQUEST_SCHEMAS; required: boolean };
};

const reflector = new Reflector();
const scanner = new MetadataScanner();
const asArray = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : [value ?? '/']);

/** `api/v1/sites` + `:id` → `/api/v1/sites/{id}`. */
const joinPath = (prefix: string, path: string) =>
  `/${prefix}/${path}`
    .replace(/\/+/g, '/')
    .replace(/\/$/, '')
    .replace(/:(\w+)/g, '{$1}') || '/';

const versionOf = (path: string): ApiVersion | null => (path.startsWith('/api/v2/') ? 2 : path.startsWith('/api/') ? 1 : null);

/** `/api/sites/{id}` when `/api/v1/sites/{id}` is served too: the same v1 operation under its legacy name. */
const isUnversionedAlias = (path: string, paths: string[]) =>
  /^\/api\/(?!v\d+\/)/.test(path) && paths.includes(path.replace(/^\/api\//, '/api/v1/'));

type ValidatedInputs = Pick<DocumentedRoute, 'query' | 'body'> & { pathParameters: ParameterName[] };

/** The shared schemas a handler validates its body, query and path parameters with (the ZodValidationPipes of its arguments). */
function validatedInputs(controller: Type, name: string, where: string): ValidatedInputs {
  const args: Record<string, { pipes?: unknown[] }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
  const inputs: ValidatedInputs = { pathParameters: [] };
  for (const [key, { pipes = [] }] of Object.entries(args)) {
    const schema = pipes.find((pipe) => pipe instanceof ZodValidationPipe)?.schema;
    if (!schema) continue;
    const type = Number(key.split(':')[0]);
    if (type === RouteParamtypes.BODY) {
      const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
      const component = Object.entries(REQUEST_SCHEMAS).find(([, candidate]) => candidate === inner)?.[0];
      if (!component) throw new Error(`${where}: its body schema is not one of the document's REQUEST_SCHEMAS`);
      inputs.body = { schema: component as keyof typeof REQUEST_SCHEMAS, required: !(schema instanceof z.ZodOptional) };
    } else if (type === RouteParamtypes.QUERY && schema instanceof z.ZodObject) {
      inputs.query = schema;
    } else if (type === RouteParamtypes.PARAM) {
      const parameters = PATH_PARAMETERS.get(schema);
      if (!parameters) throw new Error(`${where}: its path schema has no entry in PATH_PARAMETERS`);
      inputs.pathParameters = parameters;
    }
  }
  return inputs;
}

/** The problems a route can answer: those its body or parameters bring, then its own. */
function problemsOf(doc: OperationDoc, inputs: ValidatedInputs): ProblemCode[] {
  const brought: ProblemCode[] = inputs.body
    ? BODY_PROBLEMS
    : inputs.pathParameters.length > 0 || inputs.query
      ? ['validation_failed']
      : [];
  return [...new Set([...brought, ...doc.problems])];
}

/**
 * Every operation the controllers declare, in their order. A handler must carry @ApiOperation or @ApiExclude, and every
 * path it serves must be documented or be an unversioned alias: a route nobody described fails the boot.
 */
export function documentedRoutes(controllers: Type[]): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  for (const controller of controllers) {
    const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller));
    const tag: string | undefined = Reflect.getMetadata(API_TAG_METADATA, controller);
    // The methods Nest itself scans for routes, inherited ones included.
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = controller.prototype[name];
      const requestMethod: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
      if (requestMethod === undefined) continue;
      const method = RequestMethod[requestMethod].toLowerCase() as HttpMethod;
      const paths = prefixes.flatMap((prefix) =>
        asArray(Reflect.getMetadata(PATH_METADATA, handler)).map((path) => joinPath(prefix, path)),
      );
      const where = `${controller.name}.${name} (${method.toUpperCase()} ${paths[0]})`;
      const doc: ApiOperationMetadata | null | undefined = Reflect.getMetadata(API_OPERATION_METADATA, handler);
      if (doc === null) continue;
      if (doc === undefined) throw new Error(`${where} has no @ApiOperation`);
      if (tag === undefined) throw new Error(`${where}: its controller has no @ApiTag`);
      const { id, summary, variants = {}, parameters = [], ...rest } = doc;
      const { pathParameters, ...inputs } = validatedInputs(controller, name, where);
      const common = {
        ...rest,
        ...inputs,
        method,
        tag,
        status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (method === 'post' ? 201 : 200),
        access: accessOf(reflector, [handler, controller]),
        parameters: [...pathParameters, ...parameters],
        problems: problemsOf(doc, { pathParameters, ...inputs }),
      };
      const inPath = [...paths[0].matchAll(/\{(\w+)\}/g)].map(([, param]) => param);
      const declared = pathParameters.map((parameter) => PARAMETERS[parameter].name);
      if (inPath.join() !== declared.join()) throw new Error(`${where}: path parameters ${inPath} but its @Param schema gives ${declared}`);
      for (const [i, path] of paths.entries()) {
        const variant = i === 0 ? { id, summary } : variants[path];
        if (!variant && isUnversionedAlias(path, paths)) continue;
        if (!variant)
          throw new Error(`${controller.name}.${name} serves ${method.toUpperCase()} ${path}, which no @ApiOperation variant describes`);
        routes.push({ ...common, path, operationId: variant.id, summary: variant.summary, version: versionOf(path) });
      }
      const unserved = Object.keys(variants).filter((path) => !paths.includes(path));
      if (unserved.length > 0) throw new Error(`${controller.name}.${name} documents paths it does not serve: ${unserved.join(', ')}`);
    }
  }
  return routes;
}
