import type { IngestBatchResult, ProblemCode } from '@emissions/contracts';
import type { NextFunction, Request, Response } from 'express';
import type { RouteCatalog } from '../problems/route-catalog';
import { isReservedPath } from '../dashboard/dashboard.static';
import { INGEST_RESULT_LOCAL, ingestOutcomeOf, readingCountsOf } from './ingest-outcome';
import type { MetricsService } from './metrics.service';

const INGEST_ROUTES = new Set(['/api/v1/ingest', '/api/ingest', '/api/v2/ingest']);
const REFUSALS: ReadonlySet<ProblemCode> = new Set(['unauthorized', 'forbidden', 'rate_limited']);

function routeTemplateOf(req: Request, routes: RouteCatalog): string {
  const route: unknown = req.route;
  if (route && typeof route === 'object' && 'path' in route && typeof route.path === 'string') return route.path;
  // Failures before routing (body parser, 404/405) still get their template; the rest share bounded labels.
  const template = routes.match(req.path)?.template;
  if (template) return template;
  return isReservedPath(req.path) ? 'unmatched' : 'dashboard';
}

/**
 * Registered before the body parser, so it also sees requests that fail there. Records once per request,
 * on finish, or on close for a response that was never completed (client gone, demo drop).
 */
export function createHttpMetricsMiddleware(metrics: MetricsService, routes: RouteCatalog) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const route = routeTemplateOf(req, routes);
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ method: req.method, route, status }, seconds);
      if (req.method === 'POST' && INGEST_ROUTES.has(route)) recordIngest(metrics, res);
      const problemCode = res.locals.problemCode as ProblemCode | undefined;
      if (problemCode && REFUSALS.has(problemCode)) metrics.accessRefusals.inc({ code: problemCode });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}

function recordIngest(metrics: MetricsService, res: Response): void {
  const result = res.locals[INGEST_RESULT_LOCAL] as IngestBatchResult | undefined;
  const problemCode = res.locals.problemCode as ProblemCode | undefined;
  metrics.ingestRequests.inc({ outcome: ingestOutcomeOf(result, problemCode) });
  const counts = readingCountsOf(result);
  if (!counts) return;
  metrics.ingestReadings.inc({ outcome: 'accepted' }, counts.accepted);
  metrics.ingestReadings.inc({ outcome: 'duplicate' }, counts.duplicate);
  metrics.ingestReadings.inc({ outcome: 'conflicting' }, counts.conflicting);
}
