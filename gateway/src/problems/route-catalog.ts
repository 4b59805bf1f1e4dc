import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

type RouteLayer = {
  route?: { path: string; methods: Record<string, boolean> };
  match: (path: string) => false | { pattern?: unknown };
};

export type RouteMatch = { template: string; methods: string[] };

/**
 * Knows the routes Nest registered on the Express router, so the gateway can tell "no such route" (404)
 * from "no such method on this route" (405 with Allow), and label metrics with the route template even
 * when a request fails before routing (e.g. in the body parser).
 */
@Injectable()
export class RouteCatalog {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  match(path: string): RouteMatch | null {
    const methods = new Set<string>();
    let template: string | null = null;
    for (const layer of this.routeLayers()) {
      // Wildcard routes are middleware Nest mounts on every method (e.g. the logger), not API routes.
      if (!layer.route || layer.route.path.includes('*') || !layer.match(path)) continue;
      template ??= layer.route.path;
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') methods.add(method.toUpperCase());
    }
    if (template === null) return null;
    if (methods.has('GET')) methods.add('HEAD');
    return { template, methods: [...methods].sort() };
  }

  /** Every registered route template with its methods (for the check that the OpenAPI document covers them). */
  all(): RouteMatch[] {
    const byTemplate = new Map<string, Set<string>>();
    for (const { route } of this.routeLayers()) {
      if (!route || route.path.includes('*')) continue;
      const methods = byTemplate.get(route.path) ?? new Set<string>();
      for (const [method, on] of Object.entries(route.methods)) if (on && method !== '_all') methods.add(method.toUpperCase());
      byTemplate.set(route.path, methods);
    }
    return [...byTemplate].map(([template, methods]) => ({ template, methods: [...methods].sort() }));
  }

  private routeLayers(): RouteLayer[] {
    const app: unknown = this.adapterHost.httpAdapter?.getInstance();
    const router = (app as { router?: { stack?: RouteLayer[] } } | undefined)?.router;
    return router?.stack ?? [];
  }
}
