import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths the gateway owns; they never fall back to the dashboard, so unknown ones answer problem JSON. */
const RESERVED = /^\/(api|health|problems|metrics)(\/|$)/;

export const SPA_FALLBACK_FILE = '200.html';

export function isReservedPath(path: string): boolean {
  return RESERVED.test(path);
}

/**
 * Serves the static dashboard build at `/` when DASHBOARD_DIR holds one (checked once at boot). Files are
 * served as they are; a browser navigation (GET/HEAD preferring HTML, no file extension) to any other
 * path outside the reserved prefixes gets the SPA fallback 200.html, and the client router takes over.
 * Everything else falls through to the API and, when unknown, to a 404 problem.
 */
export function mountDashboard(app: NestExpressApplication, dashboardDir: string): boolean {
  const fallback = join(dashboardDir, SPA_FALLBACK_FILE);
  if (!existsSync(fallback)) return false;
  app.useStaticAssets(dashboardDir, { index: 'index.html', redirect: false, fallthrough: true });
  app.use((req: Request, res: Response, next: NextFunction): void => {
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && extname(req.path) === '' && req.accepts(['json', 'html']) === 'html';
    if (!isPage || isReservedPath(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(fallback, (err) => {
      if (err) next(err);
    });
  });
  return true;
}
