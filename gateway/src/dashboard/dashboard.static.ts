import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import serveStatic from 'serve-static';
import { precompressedFile } from './precompressed';

/** Paths the gateway owns; they never fall back to the dashboard, so unknown ones answer problem JSON. */
const RESERVED = /^\/(api|health|problems|metrics)(\/|$)/;
/** Content-hashed build output: a changed file gets a new name, so browsers may keep these for a year. */
const IMMUTABLE = /^\/_app\/immutable\//;

export const SPA_FALLBACK_FILE = '200.html';
export const ROUTES_MANIFEST_FILE = 'routes.json';
export const DASHBOARD_CONFIG_PATH = '/dashboard-config.json';

export interface DashboardOptions {
  /** Whether the "unreliable network" demo may be offered (the gateway's DEMO_FAULTS). */
  demoFaults: boolean;
}

export function isReservedPath(path: string): boolean {
  return RESERVED.test(path);
}

/** The app's page paths from the build's routes.json; null (every path is a page) for a build without one. */
export function readPagePatterns(dashboardDir: string): RegExp[] | null {
  const file = join(dashboardDir, ROUTES_MANIFEST_FILE);
  if (!existsSync(file)) return null;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { pages: string[] };
  return manifest.pages.map((p) => new RegExp(p));
}

/**
 * Serves the static dashboard build at `/` when DASHBOARD_DIR holds one (checked once at boot): precompressed
 * brotli/gzip copies when the browser takes them, hashed files cached for a year, everything else revalidated.
 * A browser navigation (GET/HEAD preferring HTML, no file extension) outside the reserved prefixes gets the SPA
 * shell: 200 for a path of one of the app's pages, 404 for any other (the app then shows its not-found page).
 * Everything else falls through to the API and, when unknown, to a 404 problem.
 */
export function mountDashboard(app: NestExpressApplication, dashboardDir: string, options: DashboardOptions): boolean {
  const fallback = join(dashboardDir, SPA_FALLBACK_FILE);
  if (!existsSync(fallback)) return false;
  const pages = readPagePatterns(dashboardDir);
  const config = JSON.stringify({ demo_faults: options.demoFaults });
  app.use(DASHBOARD_CONFIG_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(config);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isReservedPath(req.path)) return next();
    const file = precompressedFile(dashboardDir, req);
    if (!file) return next();
    res.setHeader('Cache-Control', IMMUTABLE.test(req.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    if (file.encoding) res.setHeader('Content-Encoding', file.encoding);
    res.type(file.type);
    res.sendFile(file.path, { cacheControl: false }, (err) => err && next(err));
  });
  const staticFiles = serveStatic(dashboardDir, {
    index: 'index.html',
    redirect: false,
    fallthrough: true,
    setHeaders: (res, path) =>
      res.setHeader('Cache-Control', path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  // Not for the API: a file lookup (fs.stat) per API request cost about 0.2 ms of the gateway's CPU each.
  app.use((req: Request, res: Response, next: NextFunction) => (isReservedPath(req.path) ? next() : staticFiles(req, res, next)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && extname(req.path) === '' && req.accepts(['json', 'html']) === 'html';
    if (!isPage || isReservedPath(req.path)) return next();
    const known = pages === null || pages.some((p) => p.test(req.path));
    res.status(known ? 200 : 404);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(fallback, { cacheControl: false }, (err) => err && next(err));
  });
  return true;
}
