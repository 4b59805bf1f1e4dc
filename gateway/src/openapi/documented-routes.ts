import type { ProblemCode } from '@emissions/contracts';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Access, accessOf } from '../auth/access.decorator';
import type { ApiVersion } from '../request-context/request-id';
import { API_OPERATION_METADATA, API_TAG_METADATA, type OperationDoc } from './api-operation.decorator';
import type { HttpMethod } from './openapi.types';

/** Problems any route that reads a JSON body can answer before its handler runs. */
const BODY_PROBLEMS: ProblemCode[] = ['validation_failed', 'malformed_json', 'payload_too_large', 'unsupported_media_type'];

/** One documented operation: its @ApiOperation with what Nest's own metadata says about the route. */
export type DocumentedRoute = Omit<OperationDoc, 'id' | 'variants'> & {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI form: `/api/v1/sites/{id}`. */
  path: string;
  tag: string;
  status: number;
  /** The API-Version header value of its responses; null outside /api. */
  version: ApiVersion | null;
  /** Who may call it, read exactly as the AuthGuard reads it. */
  access: Access;
};

const reflector = new Reflector();
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

/** The problems a route can answer: those its body or parameters bring, then its own. */
function problemsOf(doc: OperationDoc): ProblemCode[] {
  const input: ProblemCode[] = doc.body ? BODY_PROBLEMS : doc.parameters || doc.query ? ['validation_failed'] : [];
  return [...new Set([...input, ...doc.problems])];
}

/**
 * Every operation the controllers declare, in their order. A handler must carry @ApiOperation or @ApiExclude, and every
 * path it serves must be documented or be an unversioned alias: a route nobody described fails the boot.
 */
export function documentedRoutes(controllers: Type[]): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  for (const controller of controllers) {
    const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name];
      const requestMethod: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
      if (name === 'constructor' || typeof handler !== 'function' || requestMethod === undefined) continue;
      const method = RequestMethod[requestMethod].toLowerCase() as HttpMethod;
      const paths = prefixes.flatMap((prefix) =>
        asArray(Reflect.getMetadata(PATH_METADATA, handler)).map((path) => joinPath(prefix, path)),
      );
      const doc: OperationDoc | null | undefined = Reflect.getMetadata(API_OPERATION_METADATA, handler);
      if (doc === null) continue;
      if (doc === undefined) throw new Error(`${controller.name}.${name} (${method.toUpperCase()} ${paths[0]}) has no @ApiOperation`);
      const { id, variants = {}, ...rest } = doc;
      const common = {
        ...rest,
        method,
        tag: Reflect.getMetadata(API_TAG_METADATA, controller),
        status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (method === 'post' ? 201 : 200),
        access: accessOf(reflector, [handler, controller]),
        problems: problemsOf(doc),
      };
      for (const [i, path] of paths.entries()) {
        const variant = i === 0 ? { id, summary: doc.summary } : variants[path];
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
