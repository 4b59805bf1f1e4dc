import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import pino from 'pino';
import { AppModule } from '../app.module';
import { loadEnv } from '../config/env';
import { type DocumentedRoute, documentedRoutes } from './documented-routes';

type ModuleEntry = Type | DynamicModule | ForwardReference | Promise<DynamicModule>;

/** The controllers a module tree declares, read from its module decorators as Nest's scanner reads them. */
function controllersOf(root: ModuleEntry, seen = new Set<unknown>()): Type[] {
  const entry = 'forwardRef' in root ? root.forwardRef() : root;
  if (entry instanceof Promise || seen.has(entry)) return [];
  const dynamic: Partial<DynamicModule> = 'module' in entry ? entry : {};
  const moduleClass = dynamic.module ?? (entry as Type);
  seen.add(entry).add(moduleClass);
  const imports: ModuleEntry[] = [...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) ?? []), ...(dynamic.imports ?? [])];
  const own: Type[] = [...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) ?? []), ...(dynamic.controllers ?? [])];
  return [...own, ...imports.flatMap((child) => controllersOf(child, seen))];
}

/**
 * The gateway's documented routes without booting it (tests compare them with the docs and the running app, which
 * discovers its controllers itself). The environment only fills the modules' factories; nothing here reads it.
 */
export function gatewayRoutes(): DocumentedRoute[] {
  return documentedRoutes(controllersOf(AppModule.forRoot(loadEnv({}), pino({ enabled: false }))));
}
